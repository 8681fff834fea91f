import { generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import type { JWK } from 'jose';
import { toCloudEvent } from '../../src/canonical/cloud-event';
import { WebhookSigner } from '../outbound/webhook/webhook-signer';
import { HubReceiver, SubjectOrder, WebhookDeduplicator, WebhookVerifier, compareSequence, inSubjectOrder } from '.';

/** A hub signing key as the hub holds it: the private half signs, the public half is in the JWKS. */
function hubKey(kid: string) {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const jwk = { ...(publicKey.export({ format: 'jwk' }) as JWK), kid, alg: 'EdDSA', use: 'sig' };
  return {
    kid,
    jwk,
    signer: new WebhookSigner({
      sign: (data) => sign(null, Buffer.from(data), privateKey as KeyObject).toString('base64'),
    }),
  };
}
const secret = () => `whsec_${randomBytes(24).toString('base64')}`;

const NOW = Date.UTC(2026, 11, 6, 12, 0, 0);
const SUBJECT = '9b1f6c2e-4d3a-4e8b-a7c5-1f2e3d4c5b6a';

function body(sequence: number, subject = SUBJECT, type = 'conviction.recorded'): string {
  return JSON.stringify(
    toCloudEvent({
      eventId: `2c7d9e4f-1a3b-4c5d-8e6f-${String(sequence).padStart(12, '0')}`,
      eventType: type,
      subjectId: subject,
      eventTime: new Date(NOW).toISOString(),
      payload: { conviction: { caseUrn: `URN-${sequence}` } },
      agreementIds: ['DSA-TEST'],
      sequence,
      link: { basis: 'IDENTIFIER' },
    }),
  );
}

/** A JWKS the test controls, counting how often it is read. */
function jwksOf(...keys: ReturnType<typeof hubKey>[]) {
  const source = { keys: keys.map((k) => k.jwk), reads: 0, load: async () => (source.reads++, { keys: source.keys }) };
  return source;
}

describe('receiver kit: verifying a delivery (Standard Webhooks v1 and v1a)', () => {
  const hub = hubKey('hub-2026');
  const whsec = secret();

  it("accepts what the hub's own signer sends, naming the hub key that signed it", async () => {
    const verifier = new WebhookVerifier({ secrets: whsec, jwks: jwksOf(hub).load, now: () => NOW });
    const raw = body(1);
    const result = await verifier.verify(raw, hub.signer.headers('msg_1', raw, [whsec], NOW));
    expect(result).toEqual({ ok: true, webhookId: 'msg_1', v1: 'ok', v1a: 'ok', kid: 'hub-2026' });
  });

  it('refuses a changed body, a wrong secret and a key the hub does not publish', async () => {
    const verifier = new WebhookVerifier({ secrets: whsec, jwks: jwksOf(hub).load, now: () => NOW });
    const raw = body(1);
    const headers = hub.signer.headers('msg_1', raw, [whsec], NOW);

    const tampered = await verifier.verify(raw.replace('URN-1', 'URN-9'), headers);
    expect(tampered).toMatchObject({
      ok: false,
      v1: expect.stringMatching(/^failed/),
      v1a: expect.stringMatching(/^failed/),
    });

    const otherSecret = await verifier.verify(raw, hub.signer.headers('msg_1', raw, [secret()], NOW));
    expect(otherSecret).toMatchObject({ ok: false, v1: 'failed: no v1 signature matches the secret', v1a: 'ok' });

    const impostor = hubKey('hub-2026');
    const forged = await verifier.verify(raw, impostor.signer.headers('msg_1', raw, [whsec], NOW));
    expect(forged).toMatchObject({ ok: false, v1: 'ok', v1a: 'failed: no hub key verifies the signature' });

    const unsigned = await verifier.verify(raw, { 'webhook-id': 'msg_1', 'webhook-timestamp': String(NOW / 1000) });
    expect(unsigned.ok).toBe(false);
  });

  it('accepts any matching v1 signature: the hub signing with an old and a new secret, or the receiver holding both', async () => {
    const [before, after] = [secret(), secret()];
    const raw = body(1);
    const headers = hub.signer.headers('msg_1', raw, [before], NOW);
    // During a rotation overlap the hub signs with the new secret and the old one.
    const rotating = hub.signer.headers('msg_1', raw, [after, before], NOW);
    expect(rotating['webhook-signature'].split(' ').filter((s) => s.startsWith('v1,'))).toHaveLength(2);
    for (const secrets of [before, after, [after, secret()]]) {
      const verifier = new WebhookVerifier({ secrets, jwks: jwksOf(hub).load, now: () => NOW });
      expect((await verifier.verify(raw, rotating)).v1).toBe('ok');
    }
    const holdingBoth = new WebhookVerifier({ secrets: [secret(), before], jwks: jwksOf(hub).load, now: () => NOW });
    expect((await holdingBoth.verify(raw, headers)).ok).toBe(true);
  });

  it('refuses a stale or future timestamp (a replay of an old capture), whatever the signatures', async () => {
    const raw = body(1);
    const headers = hub.signer.headers('msg_1', raw, [whsec], NOW);
    for (const skewMinutes of [-6, 6]) {
      const verifier = new WebhookVerifier({
        secrets: whsec,
        jwks: jwksOf(hub).load,
        now: () => NOW + skewMinutes * 60_000,
      });
      expect(await verifier.verify(raw, headers)).toMatchObject({
        ok: false,
        v1a: 'failed: timestamp outside tolerance',
      });
    }
    const within = new WebhookVerifier({ secrets: whsec, jwks: jwksOf(hub).load, now: () => NOW + 4 * 60_000 });
    expect((await within.verify(raw, headers)).ok).toBe(true);
  });

  it('fetches the JWKS again for a key it has not seen (the hub rotated), and not again within the cooldown', async () => {
    const old = hubKey('hub-2026');
    const next = hubKey('hub-2027');
    const jwks = jwksOf(old);
    let now = NOW;
    const verifier = new WebhookVerifier({ secrets: whsec, jwks: jwks.load, now: () => now, jwksCooldownMs: 30_000 });
    const raw = body(1);

    expect((await verifier.verify(raw, old.signer.headers('msg_1', raw, [whsec], now))).kid).toBe('hub-2026');
    expect(jwks.reads).toBe(1);

    now += 60_000;
    jwks.keys = [old.jwk, next.jwk];
    expect(await verifier.verify(raw, next.signer.headers('msg_2', raw, [whsec], now))).toMatchObject({
      ok: true,
      kid: 'hub-2027',
    });
    expect(jwks.reads).toBe(2);

    // A forger cannot make the receiver hammer the hub: an unknown signer within the cooldown is refused unfetched.
    const forged = await verifier.verify(raw, hubKey('hub-2028').signer.headers('msg_3', raw, [whsec], now));
    expect(forged.v1a).toBe('failed: no hub key verifies the signature');
    expect(jwks.reads).toBe(2);
  });

  it("reads the hub's JWKS URL through jose's remote key set, reloading it for an unknown key", async () => {
    const old = hubKey('hub-2026');
    const next = hubKey('hub-2027');
    let keys = [old.jwk];
    const urls: string[] = [];
    const fakeFetch = (async (url: string | URL) => {
      urls.push(String(url));
      return new Response(JSON.stringify({ keys }), { headers: { 'content-type': 'application/json' } });
    }) as typeof fetch;
    const verifier = new WebhookVerifier({
      secrets: whsec,
      jwks: new URL('https://hub.example/.well-known/jwks.json'),
      fetch: fakeFetch,
      jwksCooldownMs: 0,
    });
    const raw = body(1);
    const now = Date.now();
    expect((await verifier.verify(raw, old.signer.headers('msg_1', raw, [whsec], now))).kid).toBe('hub-2026');
    expect((await verifier.verify(raw, old.signer.headers('msg_2', raw, [whsec], now))).kid).toBe('hub-2026');
    expect(urls).toEqual(['https://hub.example/.well-known/jwks.json']);
    keys = [next.jwk];
    expect((await verifier.verify(raw, next.signer.headers('msg_3', raw, [whsec], now))).kid).toBe('hub-2027');
    expect(urls).toHaveLength(2);
  });
});

describe('receiver kit: duplicates and order', () => {
  it('takes a webhook-id once; a retry or replay of it is a duplicate', () => {
    const dedup = new WebhookDeduplicator(2);
    expect([dedup.firstTime('a'), dedup.firstTime('a'), dedup.firstTime('b')]).toEqual([true, false, true]);
    dedup.firstTime('c'); // capacity 2: the oldest, a, is forgotten
    expect([dedup.firstTime('b'), dedup.firstTime('a')]).toEqual([false, true]);
    dedup.forget('c');
    expect(dedup.firstTime('c')).toBe(true);
  });

  it('orders by sequence per subject as text, 9 before 10, and says when an event arrives late', () => {
    const seq = (n: number) => JSON.parse(body(n)).sequence as string;
    expect(seq(9) < seq(10)).toBe(true);
    expect(compareSequence({ sequence: seq(10) }, { sequence: 9 })).toBe(1); // an integer from an older hub
    const order = new SubjectOrder();
    const other = '7d2e9b44-0c1a-4f3e-8b6d-2a9c5e1f0b33';
    expect(
      [
        { subject: SUBJECT, sequence: seq(2) },
        { subject: other, sequence: seq(1) },
        { subject: SUBJECT, sequence: seq(10) },
        { subject: SUBJECT, sequence: seq(9) },
        { subject: SUBJECT, sequence: seq(10) },
        { subject: other, sequence: seq(3) },
      ].map((e) => order.observe(e)),
    ).toEqual(['next', 'next', 'next', 'late', 'repeat', 'next']);
    expect(order.newestOf(SUBJECT)).toBe(seq(10));

    const batch = [
      { subject: SUBJECT, sequence: seq(10), n: 'a' },
      { subject: other, sequence: seq(5), n: 'b' },
      { subject: SUBJECT, sequence: seq(9), n: 'c' },
      { subject: other, sequence: seq(4), n: 'd' },
    ];
    expect(inSubjectOrder(batch).map((e) => e.n)).toEqual(['c', 'd', 'a', 'b']);
  });

  it('HubReceiver: verify, then drop the duplicate, then place each event among its subject’s', async () => {
    const hub = hubKey('hub-2026');
    const whsec = secret();
    const receiver = new HubReceiver({ secrets: whsec, jwks: jwksOf(hub).load, now: () => NOW });
    const deliver = (id: string, raw: string) => receiver.receive(raw, hub.signer.headers(id, raw, [whsec], NOW));

    expect(await deliver('msg_2', body(2))).toMatchObject({ outcome: 'accepted', status: 204, order: 'next' });
    expect(await deliver('msg_2', body(2))).toMatchObject({ outcome: 'duplicate', status: 204 });
    expect(await deliver('msg_1', body(1))).toMatchObject({ outcome: 'accepted', order: 'late' });
    const forged = await receiver.receive(body(3), hub.signer.headers('msg_3', body(3), [secret()], NOW));
    expect(forged).toMatchObject({ outcome: 'refused', status: 401 });
    // a refused delivery does not use up its webhook-id: the genuine one is still taken
    expect(await deliver('msg_3', body(3))).toMatchObject({ outcome: 'accepted', order: 'next' });
    const notAnEvent = await deliver('msg_4', '{"hello":1}');
    expect(notAnEvent).toMatchObject({ outcome: 'refused', status: 400 });
  });
});
