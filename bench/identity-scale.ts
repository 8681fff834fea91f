/**
 * npm run bench:identity-scale: scored identity at scale. A throwaway database gets the hub's
 * schema (all migrations) and 1,000,000 subjects' match profiles and blocking keys, loaded with
 * COPY (psql \copy); then a few thousand probes (another seed's records, so typos, swapped dates,
 * nicknames and namesakes) each fetch candidates by blocking key and score them, exactly as
 * IdentityResolver does. Beside it, in the same run, the baseline: a primary-key SELECT of a
 * subject. Prints p50/p99 of both and their ratio.
 *
 *   IDENTITY_SCALE_SUBJECTS=1000000  IDENTITY_SCALE_PROBES=3000  KEEP_DB=1 (leave the database)
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../src/database/data-source-options';
import { loadMatchingSettings } from '../src/identity/identity-matching-config';
import { fetchCandidates } from '../src/identity/match-profile-store';
import { probeBlockingKeys, subjectBlockingKeys } from '../src/identity/scoring/blocking-keys';
import { decideIdentity } from '../src/identity/scoring/decide-identity';
import { generateIdentityCorpus } from '../test/kit/identity-corpus';

const SUBJECTS = Number(process.env.IDENTITY_SCALE_SUBJECTS ?? 1_000_000);
const PROBES = Number(process.env.IDENTITY_SCALE_PROBES ?? 3000);
const ADMIN_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const ms = (t: bigint) => Number(t) / 1e6;

async function writeLines(file: string, lines: Iterable<string>): Promise<void> {
  const out = createWriteStream(file);
  for (const line of lines) if (!out.write(line)) await new Promise<void>((r) => out.once('drain', () => r()));
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
}

/** COPY text format: tab separated, backslash escaped. */
const esc = (v: string) => v.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n');
const pgArray = (xs: string[]) => `{${xs.map((x) => `"${x.replace(/["\\]/g, '\\$&')}"`).join(',')}}`;

async function main(): Promise<void> {
  const settings = loadMatchingSettings(process.env.HUB_REFERENCE_DIR ?? 'config/reference');
  const database = `hub_idscale_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${database}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${database}`;
  const dir = mkdtempSync(join(tmpdir(), 'idscale-'));
  try {
    const ds = new DataSource(dataSourceOptions({ databaseUrl: url.toString() }));
    await ds.initialize();
    await ds.runMigrations();
    await ds.destroy();

    let t = process.hrtime.bigint();
    const corpus = generateIdentityCorpus({ records: SUBJECTS, seed: 1 });
    const ids = corpus.map(() => randomUUID());
    await writeLines(
      join(dir, 'subjects.tsv'),
      (function* () {
        for (const id of ids) yield `${id}\t{}\n`;
      })(),
    );
    await writeLines(
      join(dir, 'profiles.tsv'),
      (function* () {
        for (let i = 0; i < corpus.length; i++) {
          const p = corpus[i].profile;
          yield `${ids[i]}\t${esc(JSON.stringify(p.names))}\t${pgArray(p.datesOfBirth)}\t${p.sex ?? '\\N'}\t${pgArray(p.postcodes)}\n`;
        }
      })(),
    );
    let keyRows = 0;
    await writeLines(
      join(dir, 'keys.tsv'),
      (function* () {
        for (let i = 0; i < corpus.length; i++)
          for (const k of subjectBlockingKeys(corpus[i].profile)) {
            keyRows++;
            yield `${esc(k)}\t${ids[i]}\n`;
          }
      })(),
    );
    console.log(
      `generated ${SUBJECTS} subjects, ${keyRows} blocking keys in ${(ms(process.hrtime.bigint() - t) / 1000).toFixed(1)} s`,
    );

    t = process.hrtime.bigint();
    // Load without the secondary index, then build it, as a bulk load would.
    const psql = (sql: string) =>
      execFileSync('psql', [url.toString(), '-v', 'ON_ERROR_STOP=1', '-qc', sql], {
        stdio: ['ignore', 'ignore', 'inherit'],
      });
    psql(
      `DROP INDEX subject_blocking_keys_subject; ALTER TABLE subject_blocking_keys DROP CONSTRAINT subject_blocking_keys_pkey`,
    );
    psql(`\\copy subjects (id, record) FROM '${join(dir, 'subjects.tsv')}'`);
    psql(
      `\\copy subject_match_profiles (subject_id, names, dates_of_birth, sex, postcodes) FROM '${join(dir, 'profiles.tsv')}'`,
    );
    psql(`\\copy subject_blocking_keys (block_key, subject_id) FROM '${join(dir, 'keys.tsv')}'`);
    psql(
      `ALTER TABLE subject_blocking_keys ADD PRIMARY KEY (block_key, subject_id); CREATE INDEX subject_blocking_keys_subject ON subject_blocking_keys (subject_id)`,
    );
    psql('VACUUM ANALYZE');
    console.log(`loaded with COPY and indexed in ${(ms(process.hrtime.bigint() - t) / 1000).toFixed(1)} s`);

    const pool = new pg.Pool({ connectionString: url.toString(), max: 1 });
    const query = async (sql: string, params: unknown[]) => (await pool.query(sql, params)).rows;
    const probes = generateIdentityCorpus({ records: PROBES, seed: 7 });
    const baseline: number[] = [];
    const matching: number[] = [];
    const candidateCounts: number[] = [];
    const outcomes: Record<string, number> = {};
    // Warm both paths, then interleave them so noise from the shared machine hits both alike.
    for (let i = 0; i < 200; i++) {
      await query(`SELECT record FROM subjects WHERE id = $1`, [ids[(i * 7919) % ids.length]]);
      await fetchCandidates(
        query,
        probeBlockingKeys(probes[i % probes.length].profile),
        settings.maxCandidates,
        settings.maxBlockSize,
      );
    }
    for (let i = 0; i < probes.length; i++) {
      let start = process.hrtime.bigint();
      await query(`SELECT record FROM subjects WHERE id = $1`, [ids[(i * 104729) % ids.length]]);
      baseline.push(ms(process.hrtime.bigint() - start));
      start = process.hrtime.bigint();
      const candidates = await fetchCandidates(
        query,
        probeBlockingKeys(probes[i].profile),
        settings.maxCandidates,
        settings.maxBlockSize,
      );
      const decision = decideIdentity(probes[i].profile, candidates, settings);
      matching.push(ms(process.hrtime.bigint() - start));
      candidateCounts.push(candidates.length);
      const outcome = decision.kind === 'LINK' ? decision.basis : decision.review ? 'REVIEW' : 'NEW_SUBJECT';
      outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
    }
    await pool.end();
    baseline.sort((a, b) => a - b);
    matching.sort((a, b) => a - b);
    candidateCounts.sort((a, b) => a - b);
    const row = (xs: number[]) => ({
      p50: +percentile(xs, 50).toFixed(3),
      p99: +percentile(xs, 99).toFixed(3),
      max: +xs[xs.length - 1].toFixed(3),
    });
    console.log(`\n${PROBES} probes against ${SUBJECTS} subjects (ms, one connection, sequential)`);
    console.table({
      'baseline: SELECT subject by primary key': row(baseline),
      'candidate fetch by blocking keys + scoring': row(matching),
      'ratio (matching / baseline)': {
        p50: +(percentile(matching, 50) / percentile(baseline, 50)).toFixed(1),
        p99: +(percentile(matching, 99) / percentile(baseline, 99)).toFixed(1),
        max: NaN,
      },
    });
    console.log(
      `candidates per probe: p50 ${percentile(candidateCounts, 50)}, p99 ${percentile(candidateCounts, 99)}, max ${candidateCounts[candidateCounts.length - 1]}; outcomes:`,
      outcomes,
    );
    console.log(`goal p99 < 100 ms: ${percentile(matching, 99) < 100 ? 'met' : 'NOT met'}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    if (!process.env.KEEP_DB) await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.end();
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
