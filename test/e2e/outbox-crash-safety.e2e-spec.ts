import { Queue, UnrecoverableError, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { waitForDeliveries } from '../kit/db-wait';
import { postCourtOutcome, subscribe } from '../kit/http';
import { courtOutcome } from '../kit/processes/court-stream';
import { waitForIdleQueues } from '../kit/queue-wait';
import { startSibling, type SiblingHub } from '../kit/sibling-hub';
import { startTestHub, type TestHub } from '../kit/test-hub';
import { WebhookReceiver } from '../kit/webhook-receiver';

const EVENT_TYPES = ['subject.created', 'conviction.recorded', 'registration.started', 'order.made'];
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * Each test leaves the hub in the state a crash at one step would leave it (by running the API
 * alone, or by doing to Redis what the crash would have done), then starts a worker and checks
 * that every event reaches both agencies under exactly one webhook-id each.
 */
describe('the outbox and router survive a crash at every step', () => {
  let hub: TestHub; // the API alone: it accepts and commits, and never relays
  let worker: SiblingHub | undefined;
  const police = new WebhookReceiver();
  const probation = new WebhookReceiver();
  const redis = new Redis(REDIS_URL);
  const queues: Queue[] = [];
  let n = 0;

  const queue = (name: string) => {
    const q = new Queue(name, { connection: { url: REDIS_URL }, prefix: hub.env.redisPrefix });
    queues.push(q);
    return q;
  };

  /** Posts `count` court outcomes about new subjects; their event ids. */
  const post = async (count: number): Promise<string[]> => {
    const events: string[] = [];
    for (let i = 0; i < count; i++) {
      const res = await postCourtOutcome(hub, 'court.leeds-crown', courtOutcome('crash', n++));
      expect(res.status).toBe(202);
      events.push(...res.body.events);
    }
    return events;
  };

  const deliveredToBoth = async (events: string[], timeoutMs = 20_000) => {
    for (const r of [police, probation])
      await r.waitFor((got) => events.every((id) => got.some((x) => x.event.id === id)), timeoutMs);
  };

  /** One delivery row and one webhook-id per (event, agency), however often the work was re-run. */
  const expectExactlyOnce = async (events: string[]) => {
    // Room for a duplicate to show up, and not a fixed sleep: every event routed, every delivery
    // recorded, and no routing or delivery job left waiting, parked or running. After that
    // nothing can send again, so a duplicate that is coming has come.
    await waitForDeliveries(hub.db, events);
    await waitForIdleQueues(
      ['route-events', 'deliver.police.west-yorkshire', 'deliver.probation.yorkshire'].map(queue),
    );
    for (const r of [police, probation]) {
      const ids = new Map<string, Set<string>>();
      for (const x of r.received.filter((x) => events.includes(x.event.id)))
        ids.set(x.event.id, (ids.get(x.event.id) ?? new Set()).add(String(x.headers['webhook-id'])));
      expect([...ids.values()].map((s) => s.size)).toEqual(events.map(() => 1));
    }
    const { rows } = await hub.db.query(
      `SELECT event_id, count(*)::int AS n FROM deliveries WHERE event_id = ANY($1::uuid[]) GROUP BY event_id`,
      [events],
    );
    expect(rows.map((r) => r.n)).toEqual(events.map(() => 2));
  };

  const waitForRows = async (sql: string, params: unknown[], want: number) => {
    const deadline = Date.now() + 20_000;
    while (Number((await hub.db.query(sql, params)).rows[0].n) < want) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${want} rows: ${sql}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  beforeAll(async () => {
    hub = await startTestHub({
      env: { HUB_ROLE: 'api', HUB_SWEEP_INTERVAL_MS: '200', HUB_LOST_AFTER_MS: '1000', HUB_QUEUE_LOCK_MS: '1000' },
    });
    await Promise.all([police.start(), probation.start()]);
    expect((await subscribe(hub, 'police.west-yorkshire', police.url, EVENT_TYPES)).status).toBe(201);
    expect((await subscribe(hub, 'probation.yorkshire', probation.url, EVENT_TYPES)).status).toBe(201);
  });

  afterEach(async () => {
    await worker?.close();
    worker = undefined;
  });

  afterAll(async () => {
    await Promise.all(queues.map((q) => q.close()));
    redis.disconnect();
    await hub?.close();
    await Promise.all([police.close(), probation.close()]);
  }, 60_000);

  it('commit, then crash before the enqueue: a worker started later sends everything, once', async () => {
    const events = await post(3);
    const { rows } = await hub.db.query(
      `SELECT count(*)::int AS n FROM outbox WHERE event_id = ANY($1::uuid[]) AND dispatched_at IS NULL`,
      [events],
    );
    expect(rows[0].n).toBe(events.length); // committed, never enqueued

    worker = await startSibling(hub, 'worker');
    await deliveredToBoth(events);
    await expectExactlyOnce(events);
  }, 60_000);

  it('enqueue, then crash before marking the rows dispatched: the second enqueue and routing are absorbed', async () => {
    const events = await post(2);
    // What the crashed relay left: routing jobs in Redis, outbox rows still undispatched.
    await queue('route-events').addBulk(
      events.map((eventId) => ({ name: 'route', data: { eventId }, opts: { jobId: eventId } })),
    );

    worker = await startSibling(hub, 'worker');
    await deliveredToBoth(events);
    await expectExactlyOnce(events);
    const { rows } = await hub.db.query(
      `SELECT count(*)::int AS n FROM outbox WHERE event_id = ANY($1::uuid[]) AND routed_at IS NOT NULL AND dispatched_at IS NOT NULL`,
      [events],
    );
    expect(rows[0].n).toBe(events.length);
  }, 60_000);

  it('routed, then crash before the deliveries were enqueued: the sweep finds the deliveries and sends them', async () => {
    const policeQueue = queue('deliver.police.west-yorkshire');
    const probationQueue = queue('deliver.probation.yorkshire');
    await Promise.all([policeQueue.pause(), probationQueue.pause()]);
    worker = await startSibling(hub, 'worker');
    const events = await post(2);
    await waitForRows(
      `SELECT count(*) AS n FROM deliveries WHERE event_id = ANY($1::uuid[]) AND status = 'pending'`,
      [events],
      events.length * 2,
    );
    await worker.close();
    // The delivery jobs never reached Redis.
    await Promise.all([policeQueue.obliterate({ force: true }), probationQueue.obliterate({ force: true })]);

    worker = await startSibling(hub, 'worker');
    await deliveredToBoth(events);
    await expectExactlyOnce(events);
  }, 60_000);

  it('a job BullMQ gave up on while its delivery is still open is replaced, not left to swallow the re-add', async () => {
    const policeQueue = queue('deliver.police.west-yorkshire');
    await policeQueue.pause();
    worker = await startSibling(hub, 'worker');
    const events = await post(1);
    await waitForRows(
      `SELECT count(*) AS n FROM deliveries WHERE event_id = ANY($1::uuid[]) AND agency_id = 'police.west-yorkshire'`,
      [events],
      events.length,
    );
    await worker.close();
    worker = undefined;
    // Each job fails for good, as after a long Postgres outage that used up its attempts.
    const failing = new Worker(
      'deliver.police.west-yorkshire',
      async () => {
        throw new UnrecoverableError('database unreachable');
      },
      { connection: { url: REDIS_URL, maxRetriesPerRequest: null }, prefix: hub.env.redisPrefix },
    );
    await policeQueue.resume();
    const deadline = Date.now() + 10_000;
    while ((await policeQueue.getJobCounts('failed')).failed < events.length && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    await failing.close();
    expect((await policeQueue.getJobCounts('failed')).failed).toBe(events.length);

    worker = await startSibling(hub, 'worker');
    await deliveredToBoth(events);
    await expectExactlyOnce(events);
  }, 60_000);

  it('Redis losing every job (a restart without persistence) is noticed at once and open work re-driven from Postgres', async () => {
    // A long lost-after, so only the epoch marker can explain a quick recovery.
    worker = await startSibling(hub, 'worker', { lostAfterMs: 60_000 });
    await queue('deliver.probation.yorkshire').pause();
    police.answers = [500, 500, 500, 500, 500, 500, 500, 500];
    const events = await post(2);
    await waitForRows(
      `SELECT count(*) AS n FROM deliveries WHERE event_id = ANY($1::uuid[]) AND status IN ('pending', 'failed')`,
      [events],
      events.length * 2,
    );

    const keys = await redis.keys(`${hub.env.redisPrefix}:*`);
    if (keys.length) await redis.del(...keys);
    police.answers = [];

    await deliveredToBoth(events, 20_000);
    await expectExactlyOnce(events);
  }, 60_000);
});
