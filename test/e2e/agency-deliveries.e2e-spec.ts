import request from 'supertest';
import { postCourtOutcome, subscribe } from '../kit/http';
import { courtOutcome } from '../kit/processes/court-stream';
import { startTestHub, type TestHub } from '../kit/test-hub';
import { WebhookReceiver } from '../kit/webhook-receiver';
import { fieldsNamed } from '../kit/problems';

const POLICE = 'police.west-yorkshire';
const PROBATION = 'probation.yorkshire';

/**
 * GET /v1/deliveries (an agency's own attempts for its own subscription) and the operational
 * events of adr/0023: an endpoint that keeps failing is told through the agency's feed, and
 * shown beside its deliveries. Retries here are 200 ms x3 and "failing" is 3 attempts in a row.
 */
describe('an agency sees its own deliveries and is told when its endpoint fails', () => {
  let hub: TestHub;
  const receivers: WebhookReceiver[] = [];
  let n = 0;

  const receiver = async (answers: number[]) => {
    const r = await new WebhookReceiver().start();
    r.answers = answers;
    receivers.push(r);
    return r;
  };
  const convict = async () => {
    const res = await postCourtOutcome(hub, 'court.leeds-crown', courtOutcome('agency-deliveries', n++));
    expect(res.status).toBe(202);
  };
  const get = async (agency: string, path: string, scope = 'subscriptions:write') =>
    request(hub.url)
      .get(path)
      .set('authorization', `Bearer ${await hub.token(agency, { scope })}`);
  const until = async <T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = await probe();
      if (found !== undefined) return found;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  /** The whole feed of an agency, from the start. */
  const feed = async (agency: string) => {
    const res = await get(agency, '/v1/feed?limit=500', 'feed:read');
    expect(res.status).toBe(200);
    return res.body.events as { type: string; subject: string; data: Record<string, unknown> }[];
  };
  const feedEvent = (agency: string, type: string, subscriptionId: string) =>
    until(`${type} in the feed of ${agency}`, async () =>
      (await feed(agency)).find((e) => e.type === type && e.data.subscriptionId === subscriptionId),
    );

  beforeAll(async () => {
    hub = await startTestHub({ env: { HUB_FAILING_AFTER_ATTEMPTS: '3' } });
  });

  afterAll(async () => {
    await hub?.close();
    await Promise.all(receivers.map((r) => r.close()));
  });

  it('a receiver answering 500 again and again: the feed shows hub.subscription.failing, the list shows the attempts', async () => {
    const failing = await receiver([500, 500, 500, 500, 500, 500, 500, 500]);
    const sub = await subscribe(hub, POLICE, failing.url, ['conviction.recorded']);
    expect(sub.status).toBe(201);
    await convict();

    const told = await feedEvent(POLICE, 'hub.subscription.failing', sub.body.id);
    expect(told).toMatchObject({
      specversion: '1.0',
      source: '/hub',
      subject: `subscriptions/${sub.body.id}`,
      classification: 'OFFICIAL',
      data: { subscriptionId: sub.body.id, consecutiveFailures: 3, lastStatusCode: 500, retrying: true },
    });
    expect(told).not.toHaveProperty('agreement');
    // Ids, counts, codes and times only: no subject, no names.
    expect(Object.keys(told.data).sort()).toEqual(
      ['consecutiveFailures', 'failingSince', 'lastError', 'lastStatusCode', 'retrying', 'subscriptionId'].sort(),
    );

    const list = await until('the delivery dead-lettered', async () => {
      const res = await get(POLICE, `/v1/deliveries?subscriptionId=${sub.body.id}`);
      expect(res.status).toBe(200);
      return res.body.items[0]?.status === 'dead' ? res.body : undefined;
    });
    expect(list.nextCursor).toBeNull();
    expect(list.items).toHaveLength(1);
    expect(list.items[0]).toMatchObject({
      eventType: 'conviction.recorded',
      status: 'dead',
      attempts: 4,
      lastStatusCode: 500,
      nextAttemptAt: null,
    });
    expect(list.items[0]).not.toHaveProperty('subjectId');
    expect(list.items[0]).not.toHaveProperty('payload');
    expect(list.subscription).toMatchObject({
      id: sub.body.id,
      status: 'active',
      mode: 'webhook',
      health: { state: 'failing', consecutiveFailures: 4, lastStatusCode: 500 },
    });
    expect(list.subscription.operationalEvents.map((e: { type: string }) => e.type)).toEqual([
      'hub.subscription.failing',
    ]);
    // Told once, not at every further failure.
    expect((await feed(POLICE)).filter((e) => e.data.subscriptionId === sub.body.id)).toHaveLength(1);

    // The reads of deliveries are audited as consultations.
    const { rows } = await hub.db.query(
      `SELECT count(*)::int AS n FROM audit_log WHERE operation = 'deliveries.read' AND agency_id = $1`,
      [POLICE],
    );
    expect(rows[0].n).toBeGreaterThan(0);

    // The endpoint answers again: the next delivery succeeds and the agency is told it recovered.
    failing.answers = [];
    await convict();
    const recovered = await feedEvent(POLICE, 'hub.subscription.recovered', sub.body.id);
    expect(recovered.data).toMatchObject({ subscriptionId: sub.body.id, failedAttempts: 4 });
    const after = await get(POLICE, `/v1/deliveries?subscriptionId=${sub.body.id}`);
    expect(after.body.subscription.health).toMatchObject({ state: 'ok', consecutiveFailures: 0 });
    expect(after.body.items.map((i: { status: string }) => i.status)).toEqual(['delivered', 'dead']);
  });

  it('a 410 disables the subscription, and the agency is told hub.subscription.disabled', async () => {
    const gone = await receiver([410]);
    const sub = await subscribe(hub, POLICE, gone.url, ['conviction.recorded']);
    await convict();
    const told = await feedEvent(POLICE, 'hub.subscription.disabled', sub.body.id);
    expect(told.data).toMatchObject({ subscriptionId: sub.body.id, lastStatusCode: 410 });
    const list = await get(POLICE, `/v1/deliveries?subscriptionId=${sub.body.id}`);
    expect(list.body.subscription).toMatchObject({ status: 'disabled', health: { state: 'disabled' } });
  });

  it("another agency's subscription is 404, and its operational events stay out of other feeds", async () => {
    const r = await receiver([500, 500, 500, 500]);
    const sub = await subscribe(hub, POLICE, r.url, ['conviction.recorded']);
    await convict();
    await feedEvent(POLICE, 'hub.subscription.failing', sub.body.id);
    const other = await get(PROBATION, `/v1/deliveries?subscriptionId=${sub.body.id}`);
    expect(other.status).toBe(404);
    expect(other.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(JSON.stringify(other.body)).not.toContain(sub.body.id);
    expect((await feed(PROBATION)).filter((e) => e.type.startsWith('hub.'))).toEqual([]);
  });

  it('pages with limit and cursor, nextCursor null at the end; bad parameters are 400 naming each', async () => {
    const r = await receiver([]);
    const sub = await subscribe(hub, POLICE, r.url, ['conviction.recorded']);
    await convict();
    await convict();
    await r.waitFor((got) => got.length === 2);
    const first = await get(POLICE, `/v1/deliveries?subscriptionId=${sub.body.id}&limit=1`, 'feed:read');
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(1);
    expect(typeof first.body.nextCursor).toBe('string');
    const second = await get(
      POLICE,
      `/v1/deliveries?subscriptionId=${sub.body.id}&limit=1&cursor=${first.body.nextCursor}`,
    );
    expect(second.body.items).toHaveLength(1);
    expect(second.body.items[0].id).not.toBe(first.body.items[0].id);
    // The last page says so: nextCursor is present and null, not left out.
    expect(second.body).toHaveProperty('nextCursor', null);
    const delivered = await get(POLICE, `/v1/deliveries?subscriptionId=${sub.body.id}&status=dead`);
    expect(delivered.body.items).toEqual([]);

    const bad = await get(POLICE, '/v1/deliveries?limit=0&cursor=junk&colour=red');
    expect(bad.status).toBe(400);
    expect(fieldsNamed(bad.body).sort()).toEqual(['colour', 'cursor', 'limit', 'subscriptionId']);
    const noScope = await get(POLICE, `/v1/deliveries?subscriptionId=${sub.body.id}`, 'subjects:read');
    expect(noScope.status).toBe(403);
  });
});
