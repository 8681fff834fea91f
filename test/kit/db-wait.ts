import type pg from 'pg';

/** Polls `sql` until its first row's `n` satisfies `done` (default: n > 0). */
export async function waitForCount(
  db: pg.Pool,
  sql: string,
  params: unknown[] = [],
  done: (n: number) => boolean = (n) => n > 0,
  timeoutMs = 10_000,
): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await db.query(sql, params);
    const n = Number(rows[0]?.n ?? 0);
    if (done(n)) return n;
    if (Date.now() > deadline) throw new Error(`timed out waiting on: ${sql} (last n = ${n})`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Waits until everything `eventIds` will ever send by webhook has been sent: every one of them
 * routed (so all its deliveries and feed entries exist) and none of its deliveries still pending
 * or waiting to retry. The hub records a delivery as delivered only after the receiver answered
 * 2xx, so a WebhookReceiver then holds every delivery these events cause: what it lacks never
 * comes. Deliveries of different events race each other, so waiting for one of them proves
 * nothing about the rest; wait for this before asserting exact lists, counts or absence.
 */
export async function waitForDeliveries(db: pg.Pool, eventIds: string[], timeoutMs = 20_000): Promise<void> {
  if (!eventIds.length) return;
  const { rows } = await db.query(`SELECT count(*)::int AS n FROM outbox WHERE event_id = ANY($1::uuid[])`, [eventIds]);
  if (rows[0].n !== eventIds.length)
    throw new Error(`waitForDeliveries: ${eventIds.length - rows[0].n} of the ids are not events with an outbox row`);
  await waitForCount(
    db,
    `SELECT (SELECT count(*) FROM outbox WHERE event_id = ANY($1::uuid[]) AND routed_at IS NULL)
          + (SELECT count(*) FROM deliveries WHERE event_id = ANY($1::uuid[]) AND status IN ('pending', 'failed')) AS n`,
    [eventIds],
    (n) => n === 0,
    timeoutMs,
  );
}

/** The same for the whole hub: every event routed and no delivery pending or retrying. */
export async function waitForAllDeliveries(db: pg.Pool, timeoutMs = 20_000): Promise<void> {
  await waitForCount(
    db,
    `SELECT (SELECT count(*) FROM outbox WHERE routed_at IS NULL) + (SELECT count(*) FROM deliveries WHERE status IN ('pending', 'failed')) AS n`,
    [],
    (n) => n === 0,
    timeoutMs,
  );
}
