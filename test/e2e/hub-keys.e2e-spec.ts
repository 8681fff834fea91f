import { createPublicKey, generateKeyPairSync, verify } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { hubCli as hub } from '../kit/cli';
import { courtExample } from '../kit/examples';
import { postCourtOutcome, subscribe } from '../kit/http';
import { startTestHub, type TestHub } from '../kit/test-hub';
import { WebhookReceiver, type ReceivedWebhook } from '../kit/webhook-receiver';

type Jwk = { kid: string; kty: string; crv: string; x: string };

/** Whether the delivery's v1a signature verifies with this public key. */
function signedBy(delivery: ReceivedWebhook, jwk: Jwk): boolean {
  const signed = `${delivery.headers['webhook-id']}.${delivery.headers['webhook-timestamp']}.${delivery.body}`;
  const v1a = String(delivery.headers['webhook-signature'])
    .split(' ')
    .find((s) => s.startsWith('v1a,'))!
    .slice(4);
  const key = createPublicKey({ key: { kty: jwk.kty, crv: jwk.crv, x: jwk.x }, format: 'jwk' });
  return verify(null, Buffer.from(signed), key, Buffer.from(v1a, 'base64'));
}

describe('hub keys:rotate and keys:retire (signing key rotation with an overlap)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hub-keys-'));
  const file = join(dir, 'hub-signing-key.json');
  const police = new WebhookReceiver();
  let testHub: TestHub;
  const jwks = async (): Promise<Jwk[]> => (await request(testHub.url).get('/.well-known/jwks.json')).body.keys;
  let people = 0;
  /** A court outcome about someone new, so each post raises a subject.created to police. */
  const deliverOne = async () => {
    people += 1;
    const body = courtExample('hearing-resulted-shpo');
    body.messageId = `KEYS-${people}`;
    body.defendant = {
      ...body.defendant,
      courtDefendantId: `D-KEYS-${people}`,
      name: {
        forenames: ['Alice', 'Bartholomew', 'Cedric', 'Dolores', 'Ebenezer'][people],
        surname: ['KOWALSKI', 'NAKAMURA', 'OKONKWO', 'FITZGERALD', 'ABERNATHY'][people],
      },
      dateOfBirth: `1980-01-${String(people).padStart(2, '0')}`,
      address: { line1: `${people} Rotation Row`, town: 'Leeds', postcode: 'LS1 1AA' },
      pncId: undefined,
      croNumber: undefined,
    };
    body.orders = [];
    const seen = police.received.length;
    const res = await postCourtOutcome(testHub, 'court.leeds-crown', body);
    expect(res.status).toBe(202);
    // A delivery this post caused (not a late one the last post caused).
    const about = (r: ReceivedWebhook) => r.event.subject === res.body.subjectIds[0];
    await police.waitFor((r) => r.slice(seen).some(about));
    return police.received.slice(seen).find(about)!;
  };

  beforeAll(async () => {
    // A key file as it was before rotation existed: one bare private JWK.
    const { privateKey } = generateKeyPairSync('ed25519');
    writeFileSync(file, JSON.stringify({ ...privateKey.export({ format: 'jwk' }), kid: 'original' }));
    testHub = await startTestHub({ env: { HUB_SIGNING_KEY_FILE: file } });
    await police.start();
    expect(
      (
        await subscribe(testHub, 'police.west-yorkshire', police.url, [
          'subject.created',
          'subject.details.changed',
          'conviction.recorded',
          'registration.started',
        ])
      ).status,
    ).toBe(201);
  });
  afterAll(async () => {
    await testHub?.close();
    await police.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('each has --help, and refuses a bad duration or a missing file', async () => {
    for (const name of ['keys:rotate', 'keys:retire']) {
      const help = await hub([name, '--help']);
      expect(help.code).toBe(0);
      expect(help.out).toMatch(new RegExp(`^Usage: hub ${name}`));
    }
    expect((await hub(['keys:rotate', '--file', file, '--overlap', 'a week'])).code).toBe(2);
    expect((await hub(['keys:rotate'])).code).toBe(2);
    expect((await hub(['keys:rotate', '--file', join(dir, 'absent.json')])).code).toBe(1);
  });

  it('publishes a new key before it signs, signs with it once active, then retires the old one', async () => {
    const [original] = await jwks();
    expect(original.kid).toBe('original');
    expect(signedBy(await deliverOne(), original)).toBe(true);

    // Rotated with the default lead time: the new key is published at once, the old one still signs.
    const ahead = await hub(['keys:rotate', '--overlap', '2d'], { HUB_SIGNING_KEY_FILE: file });
    expect(ahead.code).toBe(0);
    const published = await jwks();
    expect(published.map((k) => k.kid)).toEqual(['original', expect.any(String)]);
    const pending = published[1];
    const before = await deliverOne();
    expect(signedBy(before, original)).toBe(true);
    expect(signedBy(before, pending)).toBe(false);
    const stored = JSON.parse(readFileSync(file, 'utf8')).keys;
    expect(stored[0].exp - stored[1].nbf).toBe(2 * 86_400);
    expect(stored[1].nbf - Math.floor(Date.now() / 1000)).toBeGreaterThan(3500);

    // Rotated again, active at once: the pending key, which never signed, is dropped; nothing is
    // past its overlap yet, so a plain retire removes nothing.
    const now = await hub(['keys:rotate', '--file', file, '--activate-after', '0'], {});
    expect(now.code).toBe(0);
    expect((await hub(['keys:retire', '--file', file])).out).toMatch(/Retired no key/);
    const both = await jwks();
    expect(both.map((k) => k.kid)).toEqual(['original', expect.any(String)]);
    const newest = both[1];
    expect(newest.kid).not.toBe(pending.kid);
    // The running hub re-read the file: a delivery signed after rotation verifies with the new key only.
    const after = await deliverOne();
    expect(signedBy(after, newest)).toBe(true);
    expect(signedBy(after, original)).toBe(false);

    // Retired: only the new key is published, and the hub still signs with it.
    const retired = await hub(['keys:retire', '--file', file, '--force']);
    expect(retired.code).toBe(0);
    expect(retired.out).toContain('original');
    expect((await jwks()).map((k) => k.kid)).toEqual([newest.kid]);
    expect(signedBy(await deliverOne(), newest)).toBe(true);
  });
});
