import pg from 'pg';
import type { OwnPostgres } from '../test/kit/processes/own-postgres';

/**
 * Diagnosis (BENCH_PG_STATS=1): which statements hold Postgres during the run. Loads
 * pg_stat_statements into the bench's own cluster (a restart) and prints the top statements by
 * total execution time at the end.
 */
export async function enableStatementStats(postgres: OwnPostgres): Promise<void> {
  const c = new pg.Client({ connectionString: postgres.url('postgres') });
  await c.connect();
  await c.query(`ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'`);
  await c.end();
  await postgres.restart('fast');
}

export async function printTopStatements(databaseUrl: string, limit = 20): Promise<void> {
  const c = new pg.Client({ connectionString: databaseUrl });
  await c.connect();
  try {
    const { rows } = await c.query(
      `SELECT calls, round(total_exec_time)::int AS total_ms, round(mean_exec_time::numeric, 2)::float8 AS mean_ms, rows,
              regexp_replace(left(query, 140), '\\s+', ' ', 'g') AS query
         FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT $1`,
      [limit],
    );
    const total = (
      await c.query(`SELECT round(sum(total_exec_time))::int AS ms, sum(calls)::int AS calls FROM pg_stat_statements`)
    ).rows[0];
    // Per accepted message (warm-up included), so runs of different lengths and rates compare.
    const { messages, commits } = (
      await c.query(
        `SELECT (SELECT count(*) FROM inbound_messages WHERE status = 'accepted')::int AS messages,
                (SELECT coalesce(sum(calls), 0) FROM pg_stat_statements WHERE query ILIKE 'COMMIT%')::int AS commits`,
      )
    ).rows[0];
    const per = (n: number) => (messages ? (n / messages).toFixed(1) : '-');
    process.stdout.write(`\nTop statements by total time (all statements: ${total.calls} calls, ${total.ms} ms)\n`);
    process.stdout.write(
      `Per accepted message (${messages}): ${per(total.calls)} statements, ${per(commits)} commits, ${per(total.ms)} ms of execution\n`,
    );
    for (const r of rows)
      process.stdout.write(
        `${String(r.total_ms).padStart(8)} ms ${String(r.calls).padStart(8)} calls ${String(r.mean_ms).padStart(8)} ms/call  ${r.query}\n`,
      );
  } finally {
    await c.end();
  }
}
