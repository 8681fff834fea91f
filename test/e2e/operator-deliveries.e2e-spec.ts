import request from 'supertest';
import { Queue } from 'bullmq';
import { waitForDeliveries } from '../kit/db-wait';
import { courtExample } from '../kit/examples';
import { postCourtOutcome, subscribe } from '../kit/http';
import { courtOutcome } from '../kit/processes/court-stream';
import { DEFAULT_AGREEMENTS, startTestHub, type TestHub } from '../kit/test-hub';
import { WebhookReceiver } from '../kit/webhook-receiver';
import { fieldsNamed } from '../kit/problems';

const [POLICE, PROBATION] = DEFAULT_AGREEMENTS;
/** A second, narrower police agreement: with the main one suspended, addresses and identifiers are withheld. */
const POLICE_CORE = {
  ...POLICE,
  id: 'DSA-TEST-POLICE-CORE',
  title: 'Court outcomes to West Yorkshire Police, core fields',
  conditions: { areas: ['WYP'] },
  fields: ['subject.names', 'subject.dateOfBirth', 'conviction', 'registration', 'order'],
};
const EVENT_TYPES = ['subject.created', 'conviction.recorded', 'registration.started', 'order.made'];

describe("operators: dead letters, replays under today's agreements, backlog", () => {
  let hub: TestHub;
  const police = new WebhookReceiver();
  const probation = new WebhookReceiver();
  let policeSubscription: string;
  let events: string[];
  const started = new Date(Date.now() - 60_000).toISOString();

  const admin = async () => ({ authorization: `Bearer ${await hub.token('hub.operators')}` });
  const list = async (query: string) =>
    request(hub.url)
      .get(`/v1/admin/deliveries${query}`)
      .set(await admin());
  const replayOne = async (id: string, body: object = {}) =>
    request(hub.url)
      .post(`/v1/admin/deliveries/${id}/replay`)
      .set(await admin())
      .send(body);
  const replayWindow = async (body: object) =>
    request(hub.url)
      .post('/v1/admin/replay')
      .set(await admin())
      .send(body);
  const suspend = async (id: string) =>
    expect(
      (
        await request(hub.url)
          .post(`/v1/admin/agreements/${id}/suspension`)
          .set(await admin())
          .send({ reason: 'DPO review after a reported breach' })
      ).status,
    ).toBe(201);
  const lift = async (id: string) =>
    expect(
      (
        await request(hub.url)
          .delete(`/v1/admin/agreements/${id}/suspension`)
          .set(await admin())
      ).status,
    ).toBe(200);
  const policeDelivery = async (type: string) =>
    (
      await hub.db.query(
        `SELECT d.* FROM deliveries d JOIN events e ON e.id = d.event_id WHERE e.id = ANY($1::uuid[]) AND e.type = $2 AND d.subscription_id = $3 AND d.replay_id IS NULL`,
        [events, type, policeSubscription],
      )
    ).rows[0];

  beforeAll(async () => {
    hub = await startTestHub({ agreements: [POLICE, POLICE_CORE, PROBATION] });
    await Promise.all([police.start(), probation.start()]);
    const sub = await subscribe(hub, 'police.west-yorkshire', police.url, EVENT_TYPES);
    expect(sub.status).toBe(201);
    policeSubscription = sub.body.id;
    expect((await subscribe(hub, 'probation.yorkshire', probation.url, EVENT_TYPES)).status).toBe(201);
    police.answers = [404, 404, 404, 404]; // the police endpoint is misconfigured: every event is dead-lettered
    const res = await postCourtOutcome(hub, 'court.leeds-crown', courtExample('hearing-resulted-shpo'));
    expect(res.status).toBe(202);
    events = res.body.events;
    // Police's four dead and probation's four recorded delivered (a receiver has a delivery a
    // moment before the hub records it), so the listings below are complete.
    await waitForDeliveries(hub.db, events);
    expect(probation.received).toHaveLength(4);
  });

  afterAll(async () => {
    await hub?.close();
    await Promise.all([police.close(), probation.close()]);
  });

  describe('GET /v1/admin/deliveries', () => {
    it('lists dead letters by agency, newest first, with why they died and no payload', async () => {
      const res = await list('?status=dead&agency=police.west-yorkshire');
      expect(res.status).toBe(200);
      expect(res.body.items).toHaveLength(4);
      for (const item of res.body.items) {
        expect(item).toMatchObject({
          agency: 'police.west-yorkshire',
          status: 'dead',
          attempts: 1,
          lastStatusCode: 404,
          subscriptionId: policeSubscription,
        });
        expect(item).not.toHaveProperty('payload');
        expect(events).toContain(item.eventId);
      }
      const times = res.body.items.map((i: { createdAt: string }) => i.createdAt);
      expect([...times].sort().reverse()).toEqual(times);
      expect(res.body.nextCursor).toBeNull();
      expect((await list('?status=dead&agency=probation.yorkshire')).body.items).toEqual([]);
      expect((await list('?status=delivered,dead')).body.items).toHaveLength(8);
    });

    it('pages with a cursor', async () => {
      const first = await list('?status=dead&limit=3');
      expect(first.body.items).toHaveLength(3);
      const second = await list(`?status=dead&limit=3&cursor=${first.body.nextCursor}`);
      expect(second.body.items).toHaveLength(1);
      expect(second.body.nextCursor).toBeNull();
      expect(new Set([...first.body.items, ...second.body.items].map((i: { id: string }) => i.id)).size).toBe(4);
    });

    it('answers 400 naming every bad parameter', async () => {
      const res = await list('?status=bogus&agency=nope&limit=0&colour=red&cursor=xyz');
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(fieldsNamed(res.body).sort()).toEqual(['agency', 'colour', 'cursor', 'limit', 'status']);
    });

    it('is for operators only', async () => {
      expect((await request(hub.url).get('/v1/admin/deliveries')).status).toBe(401);
      const asPolice = await request(hub.url)
        .get('/v1/admin/deliveries')
        .set('authorization', `Bearer ${await hub.token('police.west-yorkshire')}`);
      expect(asPolice.status).toBe(403);
    });
  });

  describe('POST /v1/admin/deliveries/{id}/replay', () => {
    it("sends a dead letter again as the same message, projected under today's agreements, naming the fields now withheld", async () => {
      await suspend(POLICE.id as string);
      const dead = await policeDelivery('conviction.recorded');
      const res = await replayOne(dead.id, { reason: 'Receiver endpoint fixed; INC-4470' });
      expect(res.status).toBe(202);
      expect(res.body).toMatchObject({
        outcome: 'queued',
        deliveryId: dead.id,
        original: { deliveryId: dead.id, status: 'dead' },
        agreements: { before: ['DSA-TEST-POLICE', 'DSA-TEST-POLICE-CORE'], now: ['DSA-TEST-POLICE-CORE'] },
      });
      expect(res.body.fields.withheld).toEqual(expect.arrayContaining(['subject.address', 'subject.identifiers']));
      expect(res.body.fields.added).toEqual([]);
      await police.waitFor((r) => r.some((x) => x.headers['webhook-id'] === dead.id));
      const got = police.received.find((x) => x.headers['webhook-id'] === dead.id)!;
      expect(got.event.agreement).toBe('DSA-TEST-POLICE-CORE');
      expect(got.event.data.subject).not.toHaveProperty('address');
      expect(got.body).not.toContain('LS6 2AB');
      // The receiver has it; the hub records it just after the 2xx.
      const deadline = Date.now() + 10_000;
      while ((await policeDelivery('conviction.recorded')).status !== 'delivered' && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 50));
      expect((await policeDelivery('conviction.recorded')).status).toBe('delivered');
    });

    it('refuses what cannot be replayed: delivered (409), unknown (404), a bad body (422 naming the field)', async () => {
      const delivered = await policeDelivery('conviction.recorded');
      const again = await replayOne(delivered.id);
      expect(again.status).toBe(409);
      expect(again.body.detail).toMatch(/POST \/v1\/admin\/replay/);
      expect((await replayOne('6f1c4a52-5d1e-4b1a-9a57-0d8e8f1c2b3a')).status).toBe(404);
      expect((await replayOne('not-a-delivery')).status).toBe(404);
      const dead = await policeDelivery('order.made');
      const bad = await replayOne(dead.id, { reason: 'x', priority: 'high' });
      expect(bad.status).toBe(422);
      expect(fieldsNamed(bad.body).sort()).toEqual(['priority', 'reason']);
    });
  });

  describe('POST /v1/admin/replay', () => {
    it("re-sends a window as new messages (new webhook-ids), each projected under today's agreements", async () => {
      const before = police.received.length;
      const res = await replayWindow({
        subscriptionId: policeSubscription,
        from: started,
        to: new Date(Date.now() + 60_000).toISOString(),
        reason: 'Receiver restored from backup; INC-4471',
      });
      expect(res.status).toBe(202);
      expect(res.body.counts).toEqual({ events: 4, queued: 4, withheld: 0, alreadyPending: 0 });
      const conviction = res.body.items.find((i: { eventType: string }) => i.eventType === 'conviction.recorded');
      const original = await policeDelivery('conviction.recorded');
      expect(conviction).toMatchObject({
        outcome: 'queued',
        original: { deliveryId: original.id, status: 'delivered' },
        agreements: { now: ['DSA-TEST-POLICE-CORE'] },
      });
      expect(conviction.deliveryId).not.toBe(original.id);
      const created = res.body.items.find((i: { eventType: string }) => i.eventType === 'subject.created');
      expect(created.fields.withheld).toEqual(expect.arrayContaining(['subject.address']));

      await police.waitFor((r) => r.length >= before + 4);
      const replayed = police.received.slice(before);
      expect(new Set(replayed.map((x) => x.headers['webhook-id']))).toEqual(
        new Set(res.body.items.map((i: { deliveryId: string }) => i.deliveryId)),
      );
      expect(replayed.map((x) => x.event.id).sort()).toEqual([...events].sort()); // the CloudEvent id stays the event's
      for (const x of replayed) expect(x.body).not.toContain('LS6 2AB');
      const { rows } = await hub.db.query(
        `SELECT count(*)::int AS n FROM deliveries WHERE replay_id = $1 AND replay_of IS NOT NULL`,
        [res.body.replayId],
      );
      expect(rows[0].n).toBe(4);
    });

    it('withholds, and says why, what no agreement in force today allows', async () => {
      await suspend(POLICE_CORE.id);
      try {
        const deliveries = async () =>
          (
            await hub.db.query(`SELECT count(*)::int AS n FROM deliveries WHERE subscription_id = $1`, [
              policeSubscription,
            ])
          ).rows[0].n;
        const before = { requests: police.requests, deliveries: await deliveries() };
        const res = await replayWindow({
          subscriptionId: policeSubscription,
          from: started,
          to: new Date(Date.now() + 60_000).toISOString(),
        });
        expect(res.status).toBe(202);
        expect(res.body.counts).toMatchObject({ events: 4, queued: 0, withheld: 4 });
        for (const item of res.body.items) {
          expect(item).toMatchObject({
            outcome: 'withheld',
            deliveryId: null,
            agreements: { now: [] },
            reason: 'no agreement in force today lets police.west-yorkshire receive it',
          });
        }
        // Not a fixed sleep: a replay queues by creating delivery rows before it answers, and
        // nothing is ever sent without one. None was created, so nothing can be on its way.
        expect(await deliveries()).toBe(before.deliveries);
        expect(police.requests).toBe(before.requests);
        const single = await replayOne((await policeDelivery('order.made')).id);
        expect(single.status).toBe(200);
        expect(single.body).toMatchObject({ outcome: 'withheld', deliveryId: null });
        expect((await policeDelivery('order.made')).status).toBe('dead');
      } finally {
        await lift(POLICE_CORE.id);
        await lift(POLICE.id as string);
      }
    });

    it('answers 422 naming each bad field', async () => {
      const missing = await replayWindow({});
      expect(missing.status).toBe(422);
      expect(new Set(missing.body.errors.map((e: { path: string }) => e.path))).toEqual(
        new Set(['subscriptionId', 'from', 'to']),
      );
      const badTimes = await replayWindow({ subscriptionId: policeSubscription, from: '2026-11-20', to: 'tomorrow' });
      // Each field once; `to` fails two rules, so it has two entries (one message each).
      expect(fieldsNamed(badTimes.body).sort()).toEqual(['from', 'to']);
      const backwards = await replayWindow({
        subscriptionId: policeSubscription,
        from: '2026-11-21T00:00:00Z',
        to: '2026-11-20T00:00:00Z',
      });
      expect(backwards.status).toBe(422);
      expect(backwards.body.errors).toEqual([{ path: 'to', message: 'must be after from' }]);
      const unknown = await replayWindow({
        subscriptionId: '6f1c4a52-5d1e-4b1a-9a57-0d8e8f1c2b3a',
        from: started,
        to: new Date().toISOString(),
      });
      expect(unknown.status).toBe(422);
      expect(unknown.body.errors[0].path).toBe('subscriptionId');
    });
  });

  it('audits every operator read and replay, each replayed event against its subject', async () => {
    const { rows } = await hub.db.query(
      `SELECT operation, actor_sub, subject_id, recipients, justification FROM audit_log WHERE agency_id = 'hub.operators'`,
    );
    const operations = rows.map((r) => r.operation);
    expect(operations).toEqual(
      expect.arrayContaining(['admin.deliveries.read', 'delivery.replay.queued', 'delivery.replay.withheld']),
    );
    const queued = rows.filter((r) => r.operation === 'delivery.replay.queued');
    expect(queued.length).toBe(5); // one dead letter, then a window of four
    for (const r of queued)
      expect(r).toMatchObject({
        actor_sub: 'hub.operators:test-user',
        recipients: ['police.west-yorkshire'],
        subject_id: expect.any(String),
      });
    expect(queued.some((r) => r.justification === 'Receiver restored from backup; INC-4471')).toBe(true);
  });

  it("reports each agency's queue depth and oldest waiting age on /health and /metrics", async () => {
    const queue = new Queue('deliver.probation.yorkshire', {
      connection: { url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' },
      prefix: hub.env.redisPrefix,
    });
    await queue.pause();
    try {
      expect((await postCourtOutcome(hub, 'court.leeds-crown', courtOutcome('ops', 1))).status).toBe(202);
      const probationBacklog = async () =>
        (
          await request(hub.url)
            .get('/health')
            .set('authorization', `Bearer ${await hub.token('hub.operators')}`)
        ).body.info.queues.agencies['probation.yorkshire'];
      const deadline = Date.now() + 15_000;
      while ((await probationBacklog()).depth < 4 && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 100));
      await new Promise((r) => setTimeout(r, 1100));
      const health = await request(hub.url)
        .get('/health')
        .set('authorization', `Bearer ${await hub.token('hub.operators')}`);
      expect(health.status).toBe(200);
      const backlog = health.body.info.queues.agencies['probation.yorkshire'];
      expect(backlog.depth).toBe(4);
      expect(backlog.open).toEqual({ pending: 4, retrying: 0 });
      expect(backlog.oldestWaitingSeconds).toBeGreaterThanOrEqual(1);
      expect(health.body.info.queues.agencies['police.west-yorkshire']).toMatchObject({
        depth: expect.any(Number),
        dead: expect.any(Number),
      });

      const metrics = await request(hub.url).get('/metrics');
      expect(metrics.status).toBe(200);
      expect(metrics.headers['content-type']).toMatch(/^text\/plain/);
      expect(metrics.text).toMatch(/^hub_delivery_queue_depth\{agency="probation.yorkshire"\} 4$/m);
      const age = Number(
        /^hub_delivery_oldest_waiting_seconds\{agency="probation.yorkshire"\} ([\d.]+)$/m.exec(metrics.text)?.[1],
      );
      expect(age).toBeGreaterThanOrEqual(1);
      expect(metrics.text).toMatch(/^hub_deliveries_dead\{agency="police.west-yorkshire"\} \d+$/m);
    } finally {
      await queue.resume();
      await queue.close();
    }
    await probation.waitFor((r) => r.length >= 8);
  });
});
