import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { courtExample } from '../kit/examples';
import {
  DEFAULT_AGENCIES,
  DEFAULT_AGREEMENTS,
  HMPO_AGENCY,
  HMPO_AGREEMENT,
  startTestHub,
  type TestHub,
} from '../kit/test-hub';

const YEAR_S = 365 * 24 * 3600;

/** Security review items 5 and 20: token lifetimes on the hub's clock, single-use write tokens, HMPO's scopes, unknown recipients. */
const HMPO_WATCHING = { ...HMPO_AGREEMENT, conditions: { watchlistEntry: true } };

describe('agency tokens', () => {
  let hub: TestHub;

  beforeAll(async () => {
    hub = await startTestHub({
      agencies: [...DEFAULT_AGENCIES, HMPO_AGENCY],
      // As the shipped DSA-2026-015: HMPO sees only the subjects it watches.
      agreements: [...DEFAULT_AGREEMENTS, HMPO_WATCHING],
    });
  });
  afterAll(() => hub.close());

  const post = (token: string, body: unknown = courtExample('hearing-resulted-shpo')) =>
    request(hub.url)
      .post('/v1/inbound/court-outcomes')
      .set('authorization', `Bearer ${token}`)
      .set('idempotency-key', randomUUID())
      .set('content-type', 'application/json')
      .send(JSON.stringify(body));

  const listSubscriptions = (token: string) =>
    request(hub.url).get('/v1/subscriptions').set('authorization', `Bearer ${token}`);

  it('refuses a token issued a year ahead, even with exp = iat + 600', async () => {
    const token = await hub.token('police.west-yorkshire', { expiresIn: YEAR_S + 600, lifetime: 600 });
    const res = await listSubscriptions(token);
    expect(res.status).toBe(401);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.detail).toMatch(/future/);
  });

  it('refuses iat more than 60 s ahead of the hub, allows a little skew', async () => {
    const ahead2min = await hub.token('police.west-yorkshire', { expiresIn: 120 + 300, lifetime: 300 });
    expect((await listSubscriptions(ahead2min)).status).toBe(401);
    const ahead30s = await hub.token('police.west-yorkshire', { expiresIn: 30 + 300, lifetime: 300 });
    expect((await listSubscriptions(ahead30s)).status).toBe(200);
  });

  it('still refuses a lifetime over 10 minutes and an expired token', async () => {
    expect(
      (await listSubscriptions(await hub.token('police.west-yorkshire', { expiresIn: 300, lifetime: 900 }))).status,
    ).toBe(401);
    expect(
      (await listSubscriptions(await hub.token('police.west-yorkshire', { expiresIn: -120, lifetime: 300 }))).status,
    ).toBe(401);
  });

  it('answers a replayed write token (same jti) with 401, and accepts a fresh one', async () => {
    const jti = randomUUID();
    const token = await hub.token('court.leeds-crown', { jti });
    const first = await post(token);
    expect(first.status).toBe(202);
    const replay = await post(token);
    expect(replay.status).toBe(401);
    expect(replay.body.detail).toMatch(/already been used/);
    // The jti is remembered per agency in the hub's Redis, for the token's life.
    expect((await post(await hub.token('court.leeds-crown', { jti: randomUUID() }))).status).toBe(202);
  });

  it('keeps a write token without jti reusable within its life (documented: jti is optional)', async () => {
    const token = await hub.token('court.leeds-crown');
    expect((await post(token)).status).toBe(202);
    expect((await post(token)).status).toBe(202);
  });

  it('does not spend a jti on reads', async () => {
    const token = await hub.token('police.west-yorkshire', { jti: randomUUID() });
    expect((await listSubscriptions(token)).status).toBe(200);
    expect((await listSubscriptions(token)).status).toBe(200);
  });

  it('lets HMPO hold subjects:read as api.md says, and see only a subject it watches', async () => {
    // Not the scope but the agreement keeps HMPO to its watchlist (conditions.watchlistEntry; the
    // disclosure suite proves it for a watched and an unwatched subject).
    const unwatched = await post(await hub.token('court.leeds-crown'), {
      ...courtExample('hearing-resulted-juvenile-community'),
      messageId: `AUTH-${randomUUID()}`,
    });
    expect(unwatched.status).toBe(202);
    const res = await request(hub.url)
      .get(`/v1/subjects/${unwatched.body.subjectIds[0]}`)
      .set('authorization', `Bearer ${await hub.token('hmpo', { scope: 'subjects:read' })}`)
      .set('x-justification', 'checking a passport applicant');
    expect(res.status).toBe(404);
    const feed = await request(hub.url)
      .get('/v1/feed')
      .set('authorization', `Bearer ${await hub.token('hmpo', { scope: 'feed:read' })}`);
    expect(feed.status).toBe(200);
  });
});

describe('agreements at start-up', () => {
  it('refuses an agreement naming a recipient the hub does not know, naming the file and field', async () => {
    const typo = {
      ...DEFAULT_AGREEMENTS[0],
      id: 'DSA-TEST-TYPO',
      recipients: ['police.west-yorkshire', 'police.west-yorkshre'],
    };
    await expect(startTestHub({ agreements: [typo] })).rejects.toThrow(
      /DSA-TEST-TYPO\.yaml: recipients\[1\]: police\.west-yorkshre is not an agency/,
    );
  });
});
