import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { mentionsPersonSql, personMarks } from './person-mentions';

/** What free text about the person is replaced with where the column must keep a value. */
export const ERASED_TEXT = '(erased)';

export interface ErasedCounts {
  identifiers: number;
  nameKeys: number;
  orderRefs: number;
  events: number;
  deliveries: number;
  acknowledgementNotes: number;
  inboundMessages: number;
  deadlinesCancelled: number;
  dataQualityFlags: number;
  watchlistPayloads: number;
  merges: number;
  identityDecisions: number;
  identityReviews: number;
  checks: number;
  quarantinedMessages: number;
}

/** Rows touched by an UPDATE/DELETE (TypeORM's postgres driver answers `[rows, rowCount]`). */
async function affected(manager: EntityManager, sql: string, params: unknown[]): Promise<number> {
  const result = await manager.query(sql, params);
  return Array.isArray(result) && typeof result[1] === 'number' ? result[1] : 0;
}

/**
 * Removes a subject's personal data from the hub's own tables, leaving tombstones so nothing
 * that refers to the subject breaks: the subjects row (record emptied, erased_at set), events
 * and deliveries (payloads emptied; open deliveries blocked, acknowledgement clocks stopped),
 * deadlines (open ones cancelled, so no clock raises an event about them). Data-quality flags
 * (which quote the conviction) go.
 * Identifiers, name keys and order refs go, so a later message about the same person starts a
 * new record instead of reviving this one. A raw inbound message loses its body once every
 * subject it touched is erased (its fingerprint stays).
 * What else names the person goes too: the payload sent to HMPO, what merges and identity
 * decisions and reviews kept of the records (keys, evidence, free-text reasons), the
 * justification of the checks that found them, and quarantined messages about them (refused
 * before they were matched to anyone, so found by the person's identifiers, or surname with date
 * of birth, taken from the record before it is emptied).
 */
@Injectable()
export class SubjectDataEraser {
  async erase(m: EntityManager, subjectId: string): Promise<ErasedCounts> {
    const [{ record }] = await m.query(`SELECT record FROM subjects WHERE id = $1`, [subjectId]);
    const identifierValues: { value: string }[] = await m.query(
      `SELECT value FROM subject_identifiers WHERE subject_id = $1`,
      [subjectId],
    );
    const marks = personMarks(
      record ?? {},
      identifierValues.map((i) => i.value),
    );
    const identifiers = await affected(m, `DELETE FROM subject_identifiers WHERE subject_id = $1`, [subjectId]);
    const nameKeys = await affected(m, `DELETE FROM subject_name_keys WHERE subject_id = $1`, [subjectId]);
    // The scored-matching profile and its blocking keys go with the name keys.
    await m.query(`DELETE FROM subject_blocking_keys WHERE subject_id = $1`, [subjectId]);
    await m.query(`DELETE FROM subject_match_profiles WHERE subject_id = $1`, [subjectId]);
    const orderRefs = await affected(m, `DELETE FROM order_refs WHERE subject_id = $1`, [subjectId]);
    const deliveries = await affected(
      m,
      `UPDATE deliveries d SET payload = '{}',
              status = CASE WHEN d.status IN ('pending', 'failed', 'available') THEN 'blocked' ELSE d.status END,
              last_error = CASE WHEN d.status IN ('pending', 'failed', 'available') THEN 'subject erased' ELSE d.last_error END,
              next_attempt_at = NULL, ack_due_at = NULL, updated_at = now()
         FROM events e WHERE e.id = d.event_id AND e.subject_id = $1`,
      [subjectId],
    );
    const acknowledgementNotes = await affected(
      m,
      `UPDATE acknowledgements a SET note = NULL FROM events e WHERE e.id = a.event_id AND e.subject_id = $1 AND a.note IS NOT NULL`,
      [subjectId],
    );
    const events = await affected(m, `UPDATE events SET data = '{}' WHERE subject_id = $1`, [subjectId]);
    const deadlinesCancelled = await affected(
      m,
      `UPDATE deadlines SET status = 'cancelled', updated_at = now() WHERE subject_id = $1 AND status = 'open'`,
      [subjectId],
    );
    const dataQualityFlags = await affected(m, `DELETE FROM data_quality_flags WHERE subject_id = $1`, [subjectId]);
    // The commands the record was built from repeat its personal data.
    await m.query(`DELETE FROM subject_commands WHERE subject_id = $1`, [subjectId]);
    await m.query(
      `UPDATE subjects SET record = '{}', areas = '{}', erased_at = now(), updated_at = now() WHERE id = $1`,
      [subjectId],
    );
    // What was kept apart of those messages (a victim section) goes with them.
    await m.query(
      `DELETE FROM victim_sections v USING inbound_messages im
        WHERE v.inbound_message_id = im.id AND im.subject_ids @> ARRAY[$1::uuid]
          AND NOT EXISTS (SELECT 1 FROM subjects s WHERE s.id = ANY(im.subject_ids) AND s.id <> $1 AND s.erased_at IS NULL)`,
      [subjectId],
    );
    const inboundMessages = await affected(
      m,
      `UPDATE inbound_messages im SET body = '', body_bytes = NULL, erased_at = now()
        WHERE im.subject_ids @> ARRAY[$1::uuid] AND im.erased_at IS NULL
          AND NOT EXISTS (SELECT 1 FROM subjects s WHERE s.id = ANY(im.subject_ids) AND s.erased_at IS NULL)`,
      [subjectId],
    );
    const watchlistPayloads = await affected(
      m,
      `UPDATE watchlist_entries SET payload = NULL, updated_at = now() WHERE subject_id = $1 AND payload IS NOT NULL`,
      [subjectId],
    );
    const merges = await affected(
      m,
      `UPDATE subject_merges SET survivor_keys = '{}', absorbed_keys = '{}', reason = $2,
              unmerge_reason = CASE WHEN unmerge_reason IS NULL THEN NULL ELSE $2 END
        WHERE survivor_id = $1 OR absorbed_id = $1`,
      [subjectId, ERASED_TEXT],
    );
    const identityDecisions = await affected(
      m,
      `UPDATE identity_decisions SET reason = $2 WHERE subject_low = $1 OR subject_high = $1`,
      [subjectId, ERASED_TEXT],
    );
    const identityReviews = await affected(
      m,
      `UPDATE identity_reviews SET reason = $2, evidence = NULL WHERE subject_id = $1 OR candidate_subject_ids @> ARRAY[$1::uuid]`,
      [subjectId, ERASED_TEXT],
    );
    // A check that found them, or whose justification names them (one that found no one too).
    const justifies = mentionsPersonSql('justification', marks, 3);
    const checks = await affected(
      m,
      `UPDATE checks SET justification = $2, subject_ids = array_remove(subject_ids, $1::uuid) WHERE subject_ids @> ARRAY[$1::uuid] OR ${justifies.sql}`,
      [subjectId, ERASED_TEXT, ...justifies.params],
    );
    const mentions = mentionsPersonSql('im.body', marks, 1);
    const quarantinedMessages = await affected(
      m,
      `UPDATE inbound_messages im SET body = '', body_bytes = NULL, erased_at = now()
        WHERE im.status = 'rejected' AND im.erased_at IS NULL AND ${mentions.sql}`,
      mentions.params,
    );
    return {
      identifiers,
      nameKeys,
      orderRefs,
      events,
      deliveries,
      acknowledgementNotes,
      inboundMessages,
      deadlinesCancelled,
      dataQualityFlags,
      watchlistPayloads,
      merges,
      identityDecisions,
      identityReviews,
      checks,
      quarantinedMessages,
    };
  }
}
