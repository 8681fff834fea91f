import type { EntityManager } from 'typeorm';
import { RECEIVED_STATUSES } from '../delivery/delivery.repository';
import type { StoredEvent } from '../subjects/subject-events.repository';

/** Per correction event: each subscription owed it, with the agreements its corrected deliveries relied on. */
export type CorrectionsOwed = Map<string, Map<string, string[]>>;

/**
 * Who is owed each correction: every subscription of the addressed agencies that received an
 * event the correction lists, whether or not it subscribed to record.corrected (recipients of
 * data later found wrong must be told; it is not theirs to opt into).
 */
export async function correctionsOwed(m: EntityManager, due: StoredEvent[]): Promise<CorrectionsOwed> {
  const owed: CorrectionsOwed = new Map();
  for (const event of due) {
    const listed = (event.data.correction as { events?: { eventId: string }[] } | undefined)?.events ?? [];
    if (event.type !== 'record.corrected' || !event.audience || listed.length === 0) continue;
    const rows: { subscription_id: string; agreement_ids: string[] }[] = await m.query(
      `SELECT d.subscription_id, array_agg(DISTINCT a ORDER BY a) AS agreement_ids
         FROM deliveries d CROSS JOIN unnest(d.agreement_ids) AS a
        WHERE d.event_id = ANY($1::uuid[]) AND d.agency_id = ANY($2) AND d.status = ANY($3)
        GROUP BY d.subscription_id`,
      [listed.map((e) => e.eventId), event.audience, RECEIVED_STATUSES],
    );
    owed.set(event.id, new Map(rows.map((r) => [r.subscription_id, r.agreement_ids])));
  }
  return owed;
}
