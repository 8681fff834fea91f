import pg from 'pg';
import type { CourtSender } from './court-sender';
import type { DedupReceiver } from './dedup-receiver';
import { sleep, waitUntil } from './free-port';
import type { HubWorld } from './hub-world';

/** What a fault run ended with: the figures it prints and what the spec asserts. */
export interface NothingLostReport {
  expected: Set<string>;
  statuses: Record<string, number>;
  unrouted: number;
  audit: { withoutOneSuccessRow: number; attemptsUnrecorded: number; attemptRows: number; successRows: number };
  verify: { ok: boolean; checked: number; chains: number };
  /** One line per way something was lost, doubled or leaked; empty when nothing was. */
  problems: string[];
  lines: string[];
}

/**
 * Waits for every accepted message's events to reach every receiver, then reads what the hub
 * recorded (deliveries by status, unrouted outbox rows, the audit rows of each delivery, the
 * chain's verification) and compares each receiver's receipts with what was accepted. Shared by
 * every fault run so each judges "nothing lost, nothing doubled" the same way.
 */
export async function checkNothingLost(options: {
  sender: CourtSender;
  receivers: Map<string, DedupReceiver>;
  databaseUrl: string;
  apiUrl: string;
  world: HubWorld;
}): Promise<NothingLostReport> {
  const { sender, receivers, databaseUrl, apiUrl, world } = options;
  const expected = new Set(sender.accepted.flatMap((a) => a.events));
  const complete = () =>
    [...receivers.values()].every((r) => new Set([...r.receipts.values()].map((x) => x.eventId)).size >= expected.size);
  await waitUntil('every agency to hold every event', complete, 120_000, 250).catch(() => undefined);
  await sleep(3000); // anything more arriving now would be a delivery that should not exist

  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  const statuses = Object.fromEntries(
    (await db.query(`SELECT status, count(*)::int AS n FROM deliveries GROUP BY status`)).rows.map((r) => [
      r.status,
      r.n,
    ]),
  );
  const [{ unrouted }] = (await db.query(`SELECT count(*)::int AS unrouted FROM outbox WHERE routed_at IS NULL`)).rows;
  // The statute's record: each delivery has exactly one success row and an attempt row for every attempt it counts.
  const [audit] = (
    await db.query(
      `WITH rows AS (SELECT details->>'deliveryId' AS id, count(*) FILTER (WHERE operation = 'delivery.attempted') AS attempted,
                            count(*) FILTER (WHERE operation = 'delivery.succeeded') AS succeeded
                       FROM audit_log WHERE operation IN ('delivery.attempted', 'delivery.succeeded') GROUP BY 1)
       SELECT count(*) FILTER (WHERE coalesce(r.succeeded, 0) <> 1)::int AS "withoutOneSuccessRow",
              count(*) FILTER (WHERE coalesce(r.attempted, 0) < d.attempts)::int AS "attemptsUnrecorded",
              coalesce(sum(r.attempted), 0)::int AS "attemptRows", coalesce(sum(r.succeeded), 0)::int AS "successRows"
         FROM deliveries d LEFT JOIN rows r ON r.id = d.id::text`,
    )
  ).rows;
  await db.end();
  const verifying = await fetch(`${apiUrl}/v1/audit/verify`, {
    headers: { authorization: `Bearer ${await world.token('hub.operators')}` },
  });
  const verify = (await verifying.json()) as { ok: boolean; checked: number; chains: number };

  const lines = [
    `  sender: ${sender.accepted.length} accepted (202), ${expected.size} events; retries on the way: ${JSON.stringify(sender.retries)}`,
    `  deliveries in Postgres by status: ${JSON.stringify(statuses)}; unrouted outbox rows: ${unrouted}`,
    `  audit: ${JSON.stringify(audit)}; chain verify: ok ${verify.ok}, ${verify.checked} rows in ${verify.chains} chains`,
    '  agency                 expected  distinct webhook-ids  events  requests  duplicates absorbed  missing  unexpected',
  ];
  const problems: string[] = [];
  for (const [agency, r] of receivers) {
    const receipts = [...r.receipts.values()];
    const eventIds = receipts.map((x) => x.eventId);
    const distinctEvents = new Set(eventIds);
    const missing = [...expected].filter((e) => !distinctEvents.has(e));
    const unexpected = [...distinctEvents].filter((e) => !expected.has(e));
    const twice = eventIds.length - distinctEvents.size; // one event under two webhook-ids
    lines.push(
      `  ${agency.padEnd(22)} ${String(expected.size).padStart(8)}  ${String(receipts.length).padStart(20)}  ${String(distinctEvents.size).padStart(6)}  ${String(r.requests).padStart(8)}  ${String(r.duplicates).padStart(19)}  ${String(missing.length).padStart(7)}  ${String(unexpected.length).padStart(10)}`,
    );
    if (missing.length) problems.push(`${agency} is missing ${missing.length} events, e.g. ${missing[0]}`);
    if (unexpected.length) problems.push(`${agency} got ${unexpected.length} events nobody sent it`);
    if (twice) problems.push(`${agency} got ${twice} events under a second webhook-id`);
  }
  return { expected, statuses, unrouted, audit, verify, problems, lines };
}
