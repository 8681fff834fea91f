import type pg from 'pg';

/** Polls `sql` until its first row's `n` satisfies `done` (default: n > 0). */
export async function waitForCount(db: pg.Pool, sql: string, params: unknown[] = [], done: (n: number) => boolean = (n) => n > 0, timeoutMs = 10_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await db.query(sql, params);
    const n = Number(rows[0]?.n ?? 0);
    if (done(n)) return n;
    if (Date.now() > deadline) throw new Error(`timed out waiting on: ${sql} (last n = ${n})`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
