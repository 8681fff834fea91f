/**
 * Times GET /v1/audit/verify's walk over 100,000 audit rows (BENCH_ROWS to change), against a
 * plain scan of the same rows in the same run. Not a test: `npm run bench:audit`.
 *
 * The rows are written through the real AuditLog (concurrent writers, so they spread over the
 * chains as in production) into a throwaway database, dropped at the end.
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { DataSource } from 'typeorm';
import type { AuditEntry } from '../src/audit/audit-entry';
import { utcMicrosSql } from '../src/audit/audit-hash';
import { AuditLog } from '../src/audit/audit-log';
import { AuditKey } from '../src/audit/audit-key';
import { AuditVerifier } from '../src/audit/audit-verifier';
import { ChainHeads } from '../src/audit/chain-heads';
import { dataSourceOptions } from '../src/database/data-source-options';

const ROWS = Number(process.env.BENCH_ROWS ?? 100_000);
const WRITERS = 8;
const ROWS_PER_TRANSACTION = 250;
const RUNS = 3;

const ACTIONS: AuditEntry['action'][] = [
  'COLLECTION',
  'ALTERATION',
  'CONSULTATION',
  'DISCLOSURE',
  'CONSULTATION',
  'DISCLOSURE',
];

function entry(i: number, subjects: string[]): AuditEntry {
  const action = ACTIONS[i % ACTIONS.length];
  return {
    action,
    operation:
      {
        COLLECTION: 'inbound.accepted',
        ALTERATION: 'subject.updated',
        CONSULTATION: 'subject.read',
        DISCLOSURE: 'delivery.succeeded',
      }[action as string] ?? 'x',
    agencyId: action === 'DISCLOSURE' ? 'hub' : 'police.west-yorkshire',
    actorSub: action === 'DISCLOSURE' ? 'system:delivery' : `pc-${i % 500}`,
    subjectId: subjects[i % subjects.length],
    justification: action === 'CONSULTATION' ? 'MAPPA level 2 meeting preparation' : null,
    agreementIds: ['DSA-2026-014'],
    recipients: action === 'DISCLOSURE' ? ['probation.yorkshire'] : [],
    correlationId: randomUUID(),
    details:
      action === 'DISCLOSURE'
        ? { deliveryId: randomUUID(), status: 204, attempt: 1 }
        : { adapter: 'court-outcomes', events: 3 },
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const perSecond = (rows: number, ms: number) => Math.round((rows / ms) * 1000).toLocaleString('en-GB');

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const start = performance.now();
  const result = await work();
  return { ms: performance.now() - start, result };
}

async function main(): Promise<void> {
  const adminUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const database = `hub_bench_audit_${Date.now().toString(36)}`;
  const admin = async (sql: string) => {
    const c = new pg.Client({ connectionString: adminUrl });
    await c.connect();
    await c.query(sql);
    await c.end();
  };
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  await admin(`CREATE DATABASE "${database}"`);
  const ds = new DataSource(dataSourceOptions({ databaseUrl: url.href }));
  try {
    await ds.initialize();
    await ds.runMigrations({ transaction: 'each' });
    // The generated key of a development checkout (.hub-audit-key), or HUB_AUDIT_KEY_FILE's.
    const key = new AuditKey({ auditKeyFile: process.env.HUB_AUDIT_KEY_FILE || undefined, production: false });
    const log = new AuditLog(ds, new ChainHeads(), key);
    const subjects = Array.from({ length: 5000 }, () => randomUUID());

    let next = 0;
    const seed = await timed(() =>
      Promise.all(
        Array.from({ length: WRITERS }, async () => {
          while (next < ROWS) {
            const start = next;
            next = Math.min(ROWS, next + ROWS_PER_TRANSACTION);
            await log.record(Array.from({ length: next - start }, (_, k) => entry(start + k, subjects)));
          }
        }),
      ),
    );
    await ds.query('VACUUM ANALYZE audit_log');
    const [{ chains }] = await ds.query(`SELECT count(DISTINCT chain)::int AS chains FROM audit_log`);
    console.log(
      `seeded ${ROWS.toLocaleString('en-GB')} rows through AuditLog (${WRITERS} writers, ${ROWS_PER_TRANSACTION} rows per transaction, ${chains} chains used) in ${Math.round(seed.ms)} ms = ${perSecond(ROWS, seed.ms)} rows/s`,
    );

    const verifier = new AuditVerifier(ds, key);
    const columns = `id, chain, seq, ${utcMicrosSql('at')} AS at, action, operation, agency_id, actor_sub, agreement_ids, recipients, correlation_id,
                     details, subject_id, justification, personal_salt, personal_digest, prev_hash, hash, erased_at`;
    const client = new pg.Client({ connectionString: url.href });
    await client.connect();
    // Warm the cache and the JIT once, so every timed run sees the same conditions.
    await verifier.verify();
    await client.query(`SELECT ${columns} FROM audit_log`);

    const verifyMs: number[] = [];
    const scanMs: number[] = [];
    const pagedMs: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const v = await timed(() => verifier.verify());
      if (!v.result.ok || v.result.checked !== ROWS) throw new Error(`verify failed: ${JSON.stringify(v.result)}`);
      verifyMs.push(v.ms);
      // Baseline 1: one plain SELECT of the same rows and columns, all fetched to the client.
      scanMs.push((await timed(() => client.query(`SELECT ${columns} FROM audit_log`))).ms);
      // Baseline 2: the same keyset batches verify reads, without hashing anything.
      pagedMs.push(
        (
          await timed(async () => {
            for (const { chain } of (await client.query(`SELECT chain FROM audit_chain_heads ORDER BY chain`)).rows) {
              let after = 0;
              for (;;) {
                const { rows } = await client.query(
                  `SELECT ${columns} FROM audit_log WHERE chain = $1 AND seq > $2 ORDER BY seq LIMIT 5000`,
                  [chain, after],
                );
                if (rows.length < 5000) break;
                after = Number(rows[rows.length - 1].seq);
              }
            }
          })
        ).ms,
      );
    }
    await client.end();

    const v = median(verifyMs);
    const s = median(scanMs);
    const p = median(pagedMs);
    console.log(
      `verify (median of ${RUNS}):              ${Math.round(v)} ms = ${perSecond(ROWS, v)} rows/s  [runs: ${verifyMs.map(Math.round).join(', ')} ms]`,
    );
    console.log(
      `plain SELECT scan, same rows:        ${Math.round(s)} ms = ${perSecond(ROWS, s)} rows/s  [runs: ${scanMs.map(Math.round).join(', ')} ms]`,
    );
    console.log(
      `keyset batches as verify, no hashing: ${Math.round(p)} ms = ${perSecond(ROWS, p)} rows/s  [runs: ${pagedMs.map(Math.round).join(', ')} ms]`,
    );
    console.log(`ratio verify / plain scan: ${(v / s).toFixed(2)}x; verify / keyset reads: ${(v / p).toFixed(2)}x`);
  } finally {
    if (ds.isInitialized) await ds.destroy();
    if (process.env.BENCH_KEEP_DB !== '1') await admin(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
