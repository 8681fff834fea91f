/**
 * npm run bench: the hub's throughput and latency on this machine, beside the machine's own
 * raw limits measured in the same run (see docs/reliability.md).
 *
 * The built hub runs as an API process and a worker process on a Postgres cluster and a
 * redis-server (AOF everysec) of the benchmark's own; three local receivers take the webhooks.
 * autocannon posts authenticated court outcomes (each a new subject, raising four events) at
 * increasing rates; each agency subscribes to the conviction, so each message is fanned out to
 * three agencies (BENCH_EVENT_TYPES widens that).
 *
 *   BENCH_RATES=50,100,200,300  BENCH_SECONDS=20  BENCH_PROFILE=1 (CPU profiles of the hub processes)
 *   BENCH_PG_STATS=1 (the statements that held Postgres, from pg_stat_statements; BENCH_PG_STATS_TOP=n how many)
 */
import autocannon from 'autocannon';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { courtOutcome } from '../test/kit/processes/court-stream';
import { DedupReceiver } from '../test/kit/processes/dedup-receiver';
import { freePort, sleep } from '../test/kit/processes/free-port';
import { HubProcess } from '../test/kit/processes/hub-process';
import { HubWorld, RECIPIENTS } from '../test/kit/processes/hub-world';
import { OwnPostgres } from '../test/kit/processes/own-postgres';
import { OwnRedis } from '../test/kit/processes/own-redis';
import { bullmqBaseline, postgresBaseline } from './baselines';
import { CpuSampler } from './cpu-sampler';
import { enableStatementStats, printTopStatements } from './pg-statements';

const RATES = (process.env.BENCH_RATES ?? '50,100,200,300').split(',').map(Number);
/** What each agency subscribes to: by default one event per message, so 3 deliveries per message as in the goal (200 msg/s = 600 deliveries/s). */
const EVENT_TYPES = (process.env.BENCH_EVENT_TYPES ?? 'conviction.recorded').split(',');
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const GOAL = { rate: 200, acceptP99: 100, e2eP99: 1000 };

interface StepResult {
  target: number;
  accepted: number;
  refused: number;
  rate: number;
  acceptP50: number;
  acceptP99: number;
  e2eP50: number;
  e2eP99: number;
  deliveriesPerSecond: number;
  drainSeconds: number;
  cpu: Record<string, number>;
  /** Commit -> routed, and delivery created -> delivered, p50/p99 in ms. */
  lag: { routeP50: number; routeP99: number; sendP50: number; sendP99: number };
}

const percentile = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN;

async function main(): Promise<void> {
  const run = `b${Date.now().toString(36).slice(-4)}`;
  const logDir = mkdtempSync(join(tmpdir(), 'hub-bench-'));
  const postgres = await new OwnPostgres().start();
  const redis = await new OwnRedis({ appendOnly: true }).start();
  const world = await new HubWorld().create();
  const receivers = RECIPIENTS.map((a) => new DedupReceiver(a));
  await Promise.all(receivers.map((r) => r.start()));
  let api: HubProcess | undefined;
  let worker: HubProcess | undefined;
  try {
    process.stdout.write(`Baselines on this machine (${run}; logs in ${logDir})\n`);
    const pgTxn = await postgresBaseline(postgres.url('postgres'), postgres.url('bench_baseline'), 8);
    process.stdout.write(
      `  Postgres: one transaction of 1 message insert + 1 outbox insert, 16 clients: ${pgTxn.toFixed(0)} txn/s\n`,
    );
    const bullmqJobs = await bullmqBaseline(redis.url, 20_000);
    process.stdout.write(
      `  BullMQ: no-op jobs, addBulk x50 + worker concurrency 50, end to end: ${bullmqJobs.toFixed(0)} jobs/s\n\n`,
    );

    if (process.env.BENCH_PG_STATS === '1') await enableStatementStats(postgres);
    const databaseUrl = await postgres.createDatabase('hub_bench');
    if (process.env.BENCH_PG_STATS === '1') {
      const c = new pg.Client({ connectionString: databaseUrl });
      await c.connect();
      await c.query('CREATE EXTENSION pg_stat_statements');
      await c.end();
    }
    if (process.env.BENCH_PG_LOG === '1') {
      // Diagnosis: slow statements and lock waits go to the cluster's server.log.
      const c = new pg.Client({ connectionString: postgres.url('postgres') });
      await c.connect();
      for (const setting of ['log_min_duration_statement = 10', 'log_lock_waits = on', "deadlock_timeout = '20ms'"])
        await c.query(`ALTER SYSTEM SET ${setting}`);
      await c.query('SELECT pg_reload_conf()');
      await c.end();
      process.stdout.write(`  Postgres log: ${postgres.dir}/server.log\n`);
    }
    const profile = process.env.BENCH_PROFILE === '1' ? ['--cpu-prof', `--cpu-prof-dir=${logDir}`] : [];
    const env = {
      ...world.env(),
      DATABASE_URL: databaseUrl,
      REDIS_URL: redis.url,
      HUB_REDIS_PREFIX: run,
      LOG_LEVEL: 'warn',
    };
    api = await new HubProcess('api', env, logDir, await freePort(), profile).start();
    worker = await new HubProcess('worker', env, logDir, undefined, profile).start();
    for (const r of receivers) {
      const res = await fetch(`${api.url}/v1/subscriptions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${await world.token(r.name)}`, 'content-type': 'application/json' },
        body: JSON.stringify({ eventTypes: EVENT_TYPES, delivery: { mode: 'webhook', url: r.url } }),
      });
      if (res.status !== 201) throw new Error(`subscribe ${r.name}: ${res.status}`);
    }
    const db = new pg.Pool({ connectionString: databaseUrl, max: 2 });
    const cpu = new CpuSampler(() => ({
      api: { pid: api!.pid! },
      worker: { pid: worker!.pid! },
      postgres: { pid: postgres.pid, children: true },
      redis: { pid: redis.pid! },
      'load+receivers': { pid: process.pid },
    }));

    let n = 0;
    const step = async (target: number, seconds: number): Promise<StepResult> => {
      const events = new Set<string>();
      const refusals = new Map<number, number>();
      const token = await world.token('court.leeds-crown');
      const receivedBefore = receivers.map((r) => r.receipts.size);
      cpu.begin();
      const startedAt = Date.now();
      const result = await autocannon({
        url: `${api!.url}/v1/inbound/court-outcomes`,
        connections: Math.max(16, Math.ceil(target / 4)),
        duration: seconds,
        overallRate: target,
        timeout: 30,
        requests: [
          {
            method: 'POST',
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
            setupRequest: (request) => {
              request.body = JSON.stringify(courtOutcome(run, n++));
              request.headers['idempotency-key'] = `${run}-${n}`;
              return request;
            },
            onResponse: (status, body) => {
              if (status === 202) for (const id of (JSON.parse(body) as { events: string[] }).events) events.add(id);
              else refusals.set(status, (refusals.get(status) ?? 0) + 1);
            },
          },
        ],
      });
      const elapsed = (Date.now() - startedAt) / 1000;
      const usage = cpu.end();
      const receivedDuring = receivers.reduce((sum, r, i) => sum + r.receipts.size - receivedBefore[i], 0);
      // Drained: every subscribed event of the step at every agency.
      const wanted = new Set<string>();
      for (let i = 0; i < [...events].length; i += 5000) {
        const { rows } = await db.query(`SELECT id FROM events WHERE id = ANY($1::uuid[]) AND type = ANY($2)`, [
          [...events].slice(i, i + 5000),
          EVENT_TYPES,
        ]);
        for (const r of rows) wanted.add(r.id);
      }
      const drainStart = Date.now();
      const has = () => receivers.every((r) => [...wanted].every((id) => r.byEvent.has(id)));
      while (!has() && Date.now() - drainStart < 120_000) await sleep(100);
      const drainSeconds = (Date.now() - drainStart) / 1000;

      // End to end: from the ingest transaction (the event's created_at) to the receiver taking it.
      const created = new Map<string, number>();
      const ids = [...wanted];
      for (let i = 0; i < ids.length; i += 5000) {
        const { rows } = await db.query(
          `SELECT id, (EXTRACT(EPOCH FROM created_at) * 1000)::float8 AS at FROM events WHERE id = ANY($1::uuid[])`,
          [ids.slice(i, i + 5000)],
        );
        for (const r of rows) created.set(r.id, Number(r.at));
      }
      const e2e = receivers
        .flatMap((r) =>
          ids
            .map((id) => r.byEvent.get(id))
            .filter((x) => x !== undefined)
            .map((x) => x!.at - created.get(x!.eventId)!),
        )
        .sort((a, b) => a - b);
      // Where the time goes: commit -> routed (relay + router) and routed -> delivered (queue + send).
      const { rows: lag } = await db.query(
        `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM o.routed_at - e.created_at)) * 1000 AS route_p50,
                percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM o.routed_at - e.created_at)) * 1000 AS route_p99,
                percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM d.delivered_at - d.created_at)) * 1000 AS send_p50,
                percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM d.delivered_at - d.created_at)) * 1000 AS send_p99
           FROM deliveries d JOIN events e ON e.id = d.event_id JOIN outbox o ON o.event_id = e.id WHERE e.id = ANY($1::uuid[])`,
        [ids],
      );
      const accepted = result['2xx'];
      if (refusals.size) process.stdout.write(`  refused: ${JSON.stringify(Object.fromEntries(refusals))}\n`);
      return {
        target,
        accepted,
        refused: result.non2xx + result.errors + result.timeouts,
        rate: accepted / elapsed,
        acceptP50: result.latency.p50,
        acceptP99: result.latency.p99,
        e2eP50: percentile(e2e, 50),
        e2eP99: percentile(e2e, 99),
        deliveriesPerSecond: receivedDuring / elapsed,
        drainSeconds,
        cpu: usage,
        lag: {
          routeP50: Number(lag[0].route_p50),
          routeP99: Number(lag[0].route_p99),
          sendP50: Number(lag[0].send_p50),
          sendP99: Number(lag[0].send_p99),
        },
      };
    };

    process.stdout.write('Warm-up: 20 msg/s for 5 s\n');
    await step(20, 5);
    const results: StepResult[] = [];
    for (const rate of RATES) {
      process.stdout.write(`Step: ${rate} msg/s for ${SECONDS} s ...\n`);
      results.push(await step(rate, SECONDS));
      await sleep(2000);
    }
    await db.end();
    report(results, pgTxn, bullmqJobs);
    if (process.env.BENCH_PG_STATS === '1')
      await printTopStatements(databaseUrl, Number(process.env.BENCH_PG_STATS_TOP ?? 20));
  } finally {
    await Promise.allSettled([api?.stop('SIGTERM'), worker?.stop('SIGTERM')]);
    api?.close();
    worker?.close();
    await Promise.allSettled(receivers.map((r) => r.close()));
    if (process.env.BENCH_KEEP !== '1') postgres.destroy();
    else postgres.stop();
    await redis.destroy();
    world.destroy();
  }
}

function report(results: StepResult[], pgTxn: number, bullmqJobs: number): void {
  const ms = (v: number) => (Number.isFinite(v) ? `${v.toFixed(0)} ms` : '-');
  const rows = results.map((r) => [
    `${r.target}`,
    r.rate.toFixed(1),
    `${r.refused}`,
    ms(r.acceptP50),
    ms(r.acceptP99),
    ms(r.e2eP50),
    ms(r.e2eP99),
    r.deliveriesPerSecond.toFixed(0),
    r.drainSeconds.toFixed(1),
    `${((r.rate / pgTxn) * 100).toFixed(1)} %`,
    `${((r.deliveriesPerSecond / bullmqJobs) * 100).toFixed(1)} %`,
    `${ms(r.lag.routeP50)} / ${ms(r.lag.routeP99)}`,
    `${ms(r.lag.sendP50)} / ${ms(r.lag.sendP99)}`,
    Object.entries(r.cpu)
      .map(([k, v]) => `${k} ${v}`)
      .join(', '),
  ]);
  const head = [
    'target/s',
    'accepted/s',
    'refused',
    'accept p50',
    'accept p99',
    'e2e p50',
    'e2e p99',
    'deliveries/s',
    'drain s',
    'msg/s ÷ PG txn/s',
    'deliv/s ÷ BullMQ/s',
    'routing p50/p99',
    'sending p50/p99',
    'CPU % of one core',
  ];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  const out = [
    '',
    `Hub on this machine: authenticated court outcomes (4 events each, ${EVENT_TYPES.join(', ')} subscribed by 3 agencies), API + worker processes`,
    line(head),
    `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
    ...rows.map(line),
    '',
    `Raw baseline: Postgres ${pgTxn.toFixed(0)} msg+outbox txn/s; BullMQ ${bullmqJobs.toFixed(0)} no-op jobs/s (add+process).`,
  ];
  // Sustained: kept up (accepted >= 95 % of the target, nothing refused, backlog gone within 2 s of the step).
  const sustained = results.filter((r) => r.refused === 0 && r.rate >= 0.95 * r.target && r.drainSeconds <= 2);
  const best = sustained.sort((a, b) => b.rate - a.rate)[0];
  const goal = results.find((r) => r.target === GOAL.rate);
  if (best)
    out.push(
      `Sustained: ${best.rate.toFixed(0)} msg/s (${best.deliveriesPerSecond.toFixed(0)} webhooks/s) = ${((best.rate / pgTxn) * 100).toFixed(1)} % of the raw Postgres txn rate.`,
    );
  else out.push('Sustained: no step was kept up with.');
  if (goal) {
    const met =
      goal.refused === 0 &&
      goal.rate >= 0.95 * GOAL.rate &&
      goal.acceptP99 < GOAL.acceptP99 &&
      goal.e2eP99 < GOAL.e2eP99;
    out.push(
      `Goal ${GOAL.rate} msg/s with p99 accept < ${GOAL.acceptP99} ms and p99 end-to-end < ${GOAL.e2eP99} ms: ${met ? 'met' : 'not met'} (accepted ${goal.rate.toFixed(0)}/s, p99 accept ${ms(goal.acceptP99)}, p99 e2e ${ms(goal.e2eP99)}).`,
    );
  }
  out.push(
    'e2e is measured from the start of the ingest transaction to the receiver taking the webhook (an upper bound of commit -> 2xx).',
  );
  process.stdout.write(`${out.join('\n')}\n`);
}

main().catch((e) => {
  process.stderr.write(`bench failed: ${(e as Error).stack ?? e}\n`);
  process.exit(1);
});
