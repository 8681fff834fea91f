import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CourtSender } from '../kit/processes/court-sender';
import { DedupReceiver } from '../kit/processes/dedup-receiver';
import { freePort, sleep } from '../kit/processes/free-port';
import { HubProcess } from '../kit/processes/hub-process';
import { HubWorld, RECIPIENTS } from '../kit/processes/hub-world';
import { checkNothingLost } from '../kit/processes/nothing-lost-check';
import { OwnPostgres } from '../kit/processes/own-postgres';
import { FAULT_HUB_ENV } from '../kit/processes/fault-hub-environment';
import { OwnRedis } from '../kit/processes/own-redis';

/** The stream: enough messages to keep every fault below busy. */
const MESSAGES = Number(process.env.FAULT_MESSAGES ?? 300);
const PER_SECOND = Number(process.env.FAULT_RATE ?? 6);

/**
 * Nothing lost, nothing doubled: the built hub runs as separate API and worker processes on a
 * Postgres and a Redis of the test's own, while a court streams messages and, one after
 * another, the worker is SIGKILLed, Postgres crashes, an agency answers 500, Redis is killed
 * (losing every job), an agency hangs past the timeout, and the worker is killed again. Then
 * every accepted message's events must have reached every entitled agency exactly once per
 * webhook-id, and nothing else.
 */
describe('fault injection: every accepted disclosure arrives, once', () => {
  const run = `f${Date.now().toString(36).slice(-5)}`;
  const logDir = mkdtempSync(join(tmpdir(), 'hub-faults-'));
  const postgres = new OwnPostgres();
  const redis = new OwnRedis();
  const world = new HubWorld();
  const receivers = new Map(RECIPIENTS.map((agency) => [agency, new DedupReceiver(agency)]));
  let api: HubProcess;
  let worker: HubProcess;
  let databaseUrl: string;
  const faults: string[] = [];
  const t0 = Date.now();
  const note = (what: string) => faults.push(`${((Date.now() - t0) / 1000).toFixed(1)}s ${what}`);

  beforeAll(async () => {
    if (!existsSync('dist/src/main.js')) throw new Error('Build the hub first: npm run build');
    await Promise.all([
      postgres.start(),
      redis.start(),
      world.create(),
      ...[...receivers.values()].map((r) => r.start()),
    ]);
    databaseUrl = await postgres.createDatabase('hub_faults');
    const env = {
      ...world.env(),
      ...FAULT_HUB_ENV,
      DATABASE_URL: databaseUrl,
      REDIS_URL: redis.url,
      HUB_REDIS_PREFIX: run,
    };
    api = new HubProcess('api', env, logDir, await freePort());
    worker = new HubProcess('worker', env, logDir);
    await api.start();
    await worker.start();
    for (const [agency, receiver] of receivers) {
      const res = await fetch(`${api.url}/v1/subscriptions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${await world.token(agency)}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          eventTypes: ['subject.created', 'conviction.recorded', 'registration.started', 'order.made'],
          delivery: { mode: 'webhook', url: receiver.url },
        }),
      });
      if (res.status !== 201) throw new Error(`subscribing ${agency}: ${res.status} ${await res.text()}`);
    }
  });

  afterAll(async () => {
    await Promise.allSettled([api?.stop('SIGTERM'), worker?.stop('SIGTERM')]);
    api?.close();
    worker?.close();
    await Promise.allSettled([...receivers.values()].map((r) => r.close()));
    postgres.destroy();
    await redis.destroy();
    world.destroy();
  });

  it('delivers every event of every accepted message to every entitled agency exactly once per webhook-id', async () => {
    const sender = new CourtSender(world, () => api.url, run);
    const [police, probation] = [receivers.get('police.west-yorkshire')!, receivers.get('probation.yorkshire')!];

    const streaming = sender.stream(MESSAGES, PER_SECOND);
    const injecting = (async () => {
      await sleep(4000);
      note('(a) SIGKILL worker');
      await worker.stop('SIGKILL');
      await sleep(1500);
      await worker.start();
      note('    worker restarted');

      await sleep(3000);
      note('(c) Postgres crash (immediate stop), restart after 1.5 s');
      await postgres.restart('immediate', 1500);
      note('    Postgres back');

      await sleep(3000);
      note('(d) police answers 500 for 6 s');
      police.mode = { kind: 'fail', status: 500 };
      await sleep(6000);
      police.mode = { kind: 'ok' };
      note('    police recovered');

      await sleep(2000);
      note('(b) SIGKILL Redis (no persistence: every job lost), restart after 1.5 s');
      await redis.restart(1500);
      note('    Redis back, empty');

      await sleep(3000);
      note('(e) probation hangs 3 s per request (timeout 1.5 s) for 6 s');
      probation.mode = { kind: 'hang', ms: 3000 };
      await sleep(6000);
      probation.mode = { kind: 'ok' };
      note('    probation recovered');

      await sleep(2000);
      note('(a) SIGKILL worker again, restart after 1 s');
      await worker.stop('SIGKILL');
      await sleep(1000);
      await worker.start();
      note('    worker restarted');
    })();
    await Promise.all([streaming, injecting]);
    note(`stream done: ${sender.accepted.length} messages accepted`);

    const report = await checkNothingLost({ sender, receivers, databaseUrl, apiUrl: api.url, world });
    note('all delivered (or gave up waiting)');
    const header = `Fault run ${run}: ${MESSAGES} court messages at ${PER_SECOND}/s, ${((Date.now() - t0) / 1000).toFixed(0)} s in all; logs in ${logDir}`;
    process.stdout.write(`\n${[header, ...faults.map((f) => `  ${f}`), ...report.lines].join('\n')}\n\n`);
    const { expected, problems, statuses, unrouted, audit, verify } = report;

    expect(sender.accepted).toHaveLength(MESSAGES);
    expect(problems).toEqual([]);
    expect(statuses).toEqual({ delivered: expected.size * RECIPIENTS.length });
    expect(unrouted).toBe(0);
    expect(audit).toMatchObject({ withoutOneSuccessRow: 0, attemptsUnrecorded: 0 });
    expect(verify).toMatchObject({ ok: true });
  });
});
