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

const MESSAGES = Number(process.env.FAULT_ROLLING_MESSAGES ?? 240);
const PER_SECOND = Number(process.env.FAULT_RATE ?? 6);

/**
 * A deployment's rolling restart: two API and two worker processes on one Postgres and one
 * Redis, each stopped with SIGTERM (as Kubernetes does) and started again, one at a time, while
 * a court streams messages through a round-robin "load balancer" that retries a refused or
 * broken request on the next API, as a court's client would. Every accepted message's events
 * must still reach every entitled agency exactly once per webhook-id.
 */
describe('fault injection: a rolling restart of two APIs and two workers loses nothing', () => {
  const run = `r${Date.now().toString(36).slice(-5)}`;
  const logDir = mkdtempSync(join(tmpdir(), 'hub-rolling-'));
  const postgres = new OwnPostgres();
  const redis = new OwnRedis();
  const world = new HubWorld();
  const receivers = new Map(RECIPIENTS.map((agency) => [agency, new DedupReceiver(agency)]));
  const apis: HubProcess[] = [];
  const workers: HubProcess[] = [];
  let databaseUrl: string;
  const steps: string[] = [];
  const t0 = Date.now();
  const note = (what: string) => steps.push(`${((Date.now() - t0) / 1000).toFixed(1)}s ${what}`);

  beforeAll(async () => {
    if (!existsSync('dist/src/main.js')) throw new Error('Build the hub first: npm run build');
    await Promise.all([
      postgres.start(),
      redis.start(),
      world.create(),
      ...[...receivers.values()].map((r) => r.start()),
    ]);
    databaseUrl = await postgres.createDatabase('hub_rolling');
    const env = {
      ...world.env(),
      ...FAULT_HUB_ENV,
      DATABASE_URL: databaseUrl,
      REDIS_URL: redis.url,
      HUB_REDIS_PREFIX: run,
    };
    for (let i = 0; i < 2; i++) {
      apis.push(new HubProcess('api', env, logDir, await freePort()));
      workers.push(new HubProcess('worker', env, logDir, await freePort()));
    }
    // The first API migrates; the rest start on a migrated database, as pods after the first do.
    await apis[0].start();
    await Promise.all([apis[1].start(), ...workers.map((w) => w.start())]);
    for (const [agency, receiver] of receivers) {
      const res = await fetch(`${apis[0].url}/v1/subscriptions`, {
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
    await Promise.allSettled([...apis, ...workers].map((p) => p.stop('SIGTERM')));
    for (const p of [...apis, ...workers]) p.close();
    await Promise.allSettled([...receivers.values()].map((r) => r.close()));
    postgres.destroy();
    await redis.destroy();
    world.destroy();
  });

  it('delivers every event of every accepted message to every entitled agency exactly once per webhook-id', async () => {
    let next = 0;
    const balancer = () => apis[next++ % apis.length].url;
    const sender = new CourtSender(world, balancer, run);

    const streaming = sender.stream(MESSAGES, PER_SECOND);
    const restarting = (async () => {
      await sleep(3000);
      for (const [name, proc] of [
        ['worker 1', workers[0]],
        ['api 1', apis[0]],
        ['worker 2', workers[1]],
        ['api 2', apis[1]],
      ] as const) {
        note(`SIGTERM ${name} (pid ${proc.pid})`);
        await proc.stop('SIGTERM');
        await sleep(1000);
        await proc.start();
        note(`    ${name} ready again`);
        await sleep(4000);
      }
    })();
    await Promise.all([streaming, restarting]);
    note(`stream done: ${sender.accepted.length} messages accepted`);

    const report = await checkNothingLost({ sender, receivers, databaseUrl, apiUrl: apis[0].url, world });
    note('all delivered (or gave up waiting)');
    const header = `Rolling restart ${run}: ${MESSAGES} court messages at ${PER_SECOND}/s over 2 APIs and 2 workers, ${((Date.now() - t0) / 1000).toFixed(0)} s in all; logs in ${logDir}`;
    process.stdout.write(`\n${[header, ...steps.map((s) => `  ${s}`), ...report.lines].join('\n')}\n\n`);

    expect([...apis, ...workers].map((p) => p.starts)).toEqual([2, 2, 2, 2]);
    expect(sender.accepted).toHaveLength(MESSAGES);
    expect(report.problems).toEqual([]);
    expect(report.statuses).toEqual({ delivered: report.expected.size * RECIPIENTS.length });
    expect(report.unrouted).toBe(0);
    expect(report.audit).toMatchObject({ withoutOneSuccessRow: 0, attemptsUnrecorded: 0 });
    expect(report.verify).toMatchObject({ ok: true });
  });
});
