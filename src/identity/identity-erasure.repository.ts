import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { affectedRows, sqlRows } from '../database/sql-rows';
import { dropMatchProfile } from './match-profile-store';

/** What the identity module's own tables keep of one subject, as erasure clears it. */
export interface ErasedIdentity {
  identifiers: number;
  nameKeys: number;
  merges: number;
  identityDecisions: number;
  identityReviews: number;
}

/**
 * Erasure of the identity module's tables for one subject: the keys that find it go, so a later
 * message about the same person starts a new record instead of reviving this one; merges,
 * decisions and reviews keep their place but not what they said about the person.
 */
@Injectable()
export class IdentityErasureRepository {
  /** The identifier values the subject is found by (erasure looks for them in quarantined text). */
  async identifierValues(m: EntityManager, subjectId: string): Promise<string[]> {
    const rows = await sqlRows<{ value: string }>(m, `SELECT value FROM subject_identifiers WHERE subject_id = $1`, [
      subjectId,
    ]);
    return rows.map((r) => r.value);
  }

  async eraseSubject(m: EntityManager, subjectId: string, erasedText: string): Promise<ErasedIdentity> {
    const identifiers = await affectedRows(m, `DELETE FROM subject_identifiers WHERE subject_id = $1`, [subjectId]);
    const nameKeys = await affectedRows(m, `DELETE FROM subject_name_keys WHERE subject_id = $1`, [subjectId]);
    // The scored-matching profile and its blocking keys go with the name keys.
    await dropMatchProfile((sql, params) => m.query(sql, params), subjectId);
    const merges = await affectedRows(
      m,
      `UPDATE subject_merges SET survivor_keys = '{}', absorbed_keys = '{}', reason = $2,
              unmerge_reason = CASE WHEN unmerge_reason IS NULL THEN NULL ELSE $2 END
        WHERE survivor_id = $1 OR absorbed_id = $1`,
      [subjectId, erasedText],
    );
    const identityDecisions = await affectedRows(
      m,
      `UPDATE identity_decisions SET reason = $2 WHERE subject_low = $1 OR subject_high = $1`,
      [subjectId, erasedText],
    );
    const identityReviews = await affectedRows(
      m,
      `UPDATE identity_reviews SET reason = $2, evidence = NULL WHERE subject_id = $1 OR candidate_subject_ids @> ARRAY[$1::uuid]`,
      [subjectId, erasedText],
    );
    return { identifiers, nameKeys, merges, identityDecisions, identityReviews };
  }
}
