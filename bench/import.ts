/**
 * npm run bench:import: the bulk import's rate (`hub import`, issue 19) beside a raw Postgres
 * baseline measured in the same run, and whether the audit chain verifies afterwards.
 *
 * A Postgres cluster and a redis-server of the bench's own (pg_stat_statements loaded); N court
 * outcomes about fewer people (so later hearings link to subjects already held, by defendant
 * id), written as NDJSON and imported in-process through BulkImport, as the CLI does.
 *
 *   BENCH_IMPORT_RECORDS=50000  BENCH_IMPORT_PEOPLE=30000 (default 60 % of the records)
 *   BENCH_IMPORT_BATCH=500 (lines per transaction)  BENCH_PROFILE=1 (a CPU profile of the import, top functions)
 */
// The hub's console types its cookies through this plugin's declarations (bootstrap.ts loads it; the bench does not).
import type {} from '@fastify/cookie';
import { createWriteStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { AuditVerifier } from '../src/audit/audit-verifier';
import { withHub } from '../src/cli/with-hub';
import { BulkImport } from '../src/ingestion/bulk-import.service';
import { courtOutcomeCorpus } from '../test/kit/court-outcome-corpus';
import { HubWorld } from '../test/kit/processes/hub-world';
import { OwnPostgres } from '../test/kit/processes/own-postgres';
import { OwnRedis } from '../test/kit/processes/own-redis';
import { CpuSampler } from './cpu-sampler';
import { enableStatementStats, printTopStatements } from './pg-statements';

const RECORDS = Number(process.env.BENCH_IMPORT_RECORDS ?? 50_000);
const PEOPLE = Number(process.env.BENCH_IMPORT_PEOPLE ?? Math.round(RECORDS * 0.6));
const BATCH = Number(process.env.BENCH_IMPORT_BATCH ?? 500);
const TARGET = 5_000;

const say = (line: string) => process.stdout.write(`${line}\n`);

async function writeCorpus(file: string): Promise<string[]> {
  const out = createWriteStream(file);
  const lines: string[] = [];
  for (const m of courtOutcomeCorpus({ count: RECORDS, people: PEOPLE, tag: 'BENCH' })) {
    const line = JSON.stringify(m);
    lines.push(line);
    if (!out.write(`${line}\n`)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((r, j) => out.end((e?: Error | null) => (e ? j(e) : r())));
  return lines;
}

/**
 * The raw Postgres rate for the same lines: multi-row INSERTs of the bodies into a scratch
 * table, BATCH rows per transaction, one connection (as the import uses one).
 */
async function rawBaseline(url: string, lines: string[]): Promise<number> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(`CREATE TABLE scratch_import (id bigserial PRIMARY KEY, line bigint NOT NULL, body jsonb NOT NULL)`);
    const start = performance.now();
    for (let i = 0; i < lines.length; i += BATCH) {
      const chunk = lines.slice(i, i + BATCH);
      await c.query('BEGIN');
      await c.query(
        `INSERT INTO scratch_import (line, body) SELECT n, b FROM unnest($1::bigint[], $2::jsonb[]) AS t(n, b)`,
        [chunk.map((_, k) => i + k + 1), chunk],
      );
      await c.query('COMMIT');
    }
    const seconds = (performance.now() - start) / 1000;
    await c.query(`DROP TABLE scratch_import`);
    return lines.length / seconds;
  } finally {
    await c.end();
  }
}

/** Where a profiled function lives: a folder of the hub, a package, or the runtime. */
function areaOf(url: string): string {
  const hub = /\/dist\/bench\/(src|adapters)\/([^/]+)/.exec(url);
  if (hub) return `hub ${hub[1]}/${hub[2]}`;
  const pkg = /node_modules\/((@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  return url ? url.replace(/^node:/, 'node ').replace(/\/.*$/, '') : 'runtime (gc, syscalls, native)';
}

/** The import's own busy CPU (idle left out) by area and by function, self time. */
function profileSummary(profile: { nodes: any[]; samples: number[]; timeDeltas: number[] }, limit = 12): string[] {
  const selfMs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfMs.set(id, (selfMs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000));
  const byArea = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let busy = 0;
  for (const node of profile.nodes) {
    const f = node.callFrame;
    if (f.functionName === '(idle)' || f.functionName === '(program)') continue;
    const ms = selfMs.get(node.id) ?? 0;
    busy += ms;
    const area = areaOf(f.url);
    byArea.set(area, (byArea.get(area) ?? 0) + ms);
    const key = `${f.functionName || '(anonymous)'} (${area})`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + ms);
  }
  const top = (m: Map<string, number>) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, limit)
      .map(
        ([k, ms]) => `${String(Math.round(ms)).padStart(8)} ms ${((ms / busy) * 100).toFixed(1).padStart(5)} %  ${k}`,
      );
  return [`busy: ${Math.round(busy)} ms`, '-- by area', ...top(byArea), '-- by function', ...top(byFunction)];
}

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'hub-bench-import-'));
  const postgres = await new OwnPostgres().start();
  const redis = await new OwnRedis().start();
  const world = await new HubWorld().create();
  try {
    await enableStatementStats(postgres);
    const databaseUrl = await postgres.createDatabase('hub_import');
    const baselineUrl = await postgres.createDatabase('import_baseline');
    const file = join(work, 'court-outcomes.ndjson');
    const lines = await writeCorpus(file);
    say(`${RECORDS} court outcomes about ${PEOPLE} people, ${BATCH} lines per transaction`);

    const raw = await rawBaseline(baselineUrl, lines);
    writeFileSync(join(world.dir, 'hub-secrets-key'), Buffer.alloc(32, 7).toString('base64'));
    const env: NodeJS.ProcessEnv = {
      ...world.env(),
      DATABASE_URL: databaseUrl,
      REDIS_URL: redis.url,
      HUB_REDIS_PREFIX: 'bench',
      HUB_SECRETS_KEY_FILE: join(world.dir, 'hub-secrets-key'),
      LOG_LEVEL: 'warn',
    };
    const io = { out: say, err: (l: string) => process.stderr.write(`${l}\n`), env };
    await withHub(io, async (hub) => {
      const stats = new pg.Client({ connectionString: databaseUrl });
      await stats.connect();
      await stats.query(`CREATE EXTENSION IF NOT EXISTS pg_stat_statements`);
      await stats.query(`SELECT pg_stat_statements_reset()`);
      const cpu = new CpuSampler(() => ({
        'import (node)': { pid: process.pid },
        postgres: { pid: postgres.pid, children: true },
        redis: { pid: redis.pid! },
      }));
      const session = process.env.BENCH_PROFILE === '1' ? new Session() : null;
      if (session) {
        session.connect();
        await session.post('Profiler.enable');
        await session.post('Profiler.start');
      }
      cpu.begin();
      let shown = 0;
      const result = await hub.get(BulkImport, { strict: false }).run({
        file,
        source: 'court-outcomes',
        agencyId: 'court.leeds-crown',
        sub: 'bench',
        batchSize: BATCH,
        onProgress: (p) => {
          if (p.elapsedMs - shown < 5000) return;
          shown = p.elapsedMs;
          process.stderr.write(
            `  ${p.read} read, ${p.accepted} accepted, ${p.rejected} rejected, ${Math.round(p.ratePerSecond)}/s\n`,
          );
        },
      });
      const usage = cpu.end();
      const profile = session ? ((await session.post('Profiler.stop')) as { profile: any }).profile : null;
      session?.disconnect();
      const rate = (result.read * 1000) / result.elapsedMs;
      const verify = await hub.get(AuditVerifier, { strict: false }).verify();
      const subjects = Number((await stats.query(`SELECT count(*) AS n FROM subjects`)).rows[0].n);
      const events = Number((await stats.query(`SELECT count(*) AS n FROM events WHERE backloaded`)).rows[0].n);
      await stats.end();

      say('');
      say(`| measure | value |`);
      say(`|---|---|`);
      say(
        `| records imported | ${result.accepted} accepted, ${result.rejected} rejected, in ${(result.elapsedMs / 1000).toFixed(1)} s |`,
      );
      say(`| subjects / back-loaded events | ${subjects} / ${events} |`);
      say(`| **import rate** | **${rate.toFixed(0)} records/s** (target ${TARGET}) |`);
      say(`| raw Postgres, same lines (multi-row INSERT, ${BATCH}/transaction) | ${raw.toFixed(0)} records/s |`);
      say(`| import / raw | ${((rate / raw) * 100).toFixed(2)} % |`);
      say(
        `| CPU during the import (% of one core) | ${Object.entries(usage)
          .map(([k, v]) => `${k} ${v} %`)
          .join(', ')} |`,
      );
      say(
        `| audit chain after | ${verify.ok ? 'verifies' : 'BROKEN'}: ${verify.checked} rows in ${verify.tookMs} ms |`,
      );
      await printTopStatements(databaseUrl, Number(process.env.BENCH_PG_STATS_TOP ?? 15));
      if (profile) {
        say(`\nThe import's own CPU (node, self time):`);
        for (const l of profileSummary(profile)) say(l);
      }
      if (!verify.ok) process.exitCode = 1;
    });
  } finally {
    postgres.destroy();
    await redis.destroy();
    world.destroy();
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
