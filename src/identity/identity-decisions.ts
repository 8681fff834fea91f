import type { EntityManager } from 'typeorm';

export type IdentityDecision = 'LINK' | 'KEEP_APART';

/** A pair of subjects in one order, so each pair has one row whichever way it is asked. */
export function orderedPair(a: string, b: string): [string, string] {
  const [x, y] = [a.toLowerCase(), b.toLowerCase()];
  return x < y ? [x, y] : [y, x];
}

/** Remembers (or replaces) what a person decided about a pair, so the hub never asks again. */
export async function rememberDecision(
  m: EntityManager,
  d: {
    subjects: [string, string];
    decision: IdentityDecision;
    reason: string;
    reviewId: string | null;
    agencyId: string;
    sub: string;
  },
): Promise<void> {
  const [low, high] = orderedPair(...d.subjects);
  await m.query(
    `INSERT INTO identity_decisions (subject_low, subject_high, decision, reason, review_id, decided_by_agency, decided_by_sub)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (subject_low, subject_high) DO UPDATE SET decision = EXCLUDED.decision, reason = EXCLUDED.reason,
       review_id = EXCLUDED.review_id, decided_by_agency = EXCLUDED.decided_by_agency, decided_by_sub = EXCLUDED.decided_by_sub, decided_at = now()`,
    [low, high, d.decision, d.reason, d.reviewId, d.agencyId, d.sub],
  );
}

export async function decisionFor(m: EntityManager, a: string, b: string): Promise<IdentityDecision | null> {
  const [low, high] = orderedPair(a, b);
  const [row] = await m.query(`SELECT decision FROM identity_decisions WHERE subject_low = $1 AND subject_high = $2`, [
    low,
    high,
  ]);
  return row?.decision ?? null;
}

/**
 * When identifiers point at several subjects and a person already reviewed exactly this: the
 * subject made for that evidence, decided KEEP_APART from every other one it points at. The
 * same evidence again belongs to it; asking the same question again would be noise.
 */
export async function subjectKeptApartFromOthers(m: EntityManager, subjectIds: string[]): Promise<string | null> {
  const rows: { subject_id: string }[] = await m.query(
    `SELECT DISTINCT r.subject_id FROM identity_reviews r
      WHERE r.decision = 'KEEP_APART' AND r.subject_id = ANY($1::uuid[])
        AND NOT EXISTS (
          SELECT 1 FROM unnest($1::uuid[]) AS other(id)
           WHERE other.id <> r.subject_id
             AND NOT EXISTS (SELECT 1 FROM identity_decisions d
                              WHERE d.decision = 'KEEP_APART'
                                AND d.subject_low = LEAST(other.id, r.subject_id) AND d.subject_high = GREATEST(other.id, r.subject_id)))`,
    [subjectIds],
  );
  return rows.length === 1 ? rows[0].subject_id : null;
}

/** A review asking exactly whether these two are one person has its answer: LINK. */
export async function closeReviewsOfPair(m: EntityManager, a: string, b: string): Promise<void> {
  await m.query(
    `UPDATE identity_reviews SET status = 'decided', decision = 'LINK', decided_at = now()
      WHERE status = 'open' AND ((subject_id = $1 AND $2 = ANY(candidate_subject_ids)) OR (subject_id = $2 AND $1 = ANY(candidate_subject_ids)))`,
    [a, b],
  );
}
