import type { SubjectRecord } from '../canonical/subject-record';
import { normalisePostcode, type MatchProfile, type MatchName } from './scoring/match-profile';
import { BLOCKING_KEYS_VERSION, subjectBlockingKeys } from './scoring/blocking-keys';
import type { Candidate } from './scoring/decide-identity';
import { SINGLE_VALUED_SCHEMES } from './scoring/single-valued-schemes';

/** The cap when identity-matching.yaml sets none (docs/performance.md: what it bounds at a million subjects). */
export const DEFAULT_MAX_BLOCK_SIZE = 50;

/** Raw SQL runner: an EntityManager's `query`, or a pg pool's wrapped to return rows. */
export type RunQuery = (sql: string, params: unknown[]) => Promise<any[]>;

/**
 * Candidates for scoring: subjects filed under any of the message's blocking keys (an index
 * lookup per key), with their match profiles and single-valued identifiers. A key filed for
 * more than `maxBlockSize` subjects is skipped (too common to say anything: a common name
 * without a date of birth), so one message never scores thousands. At most `limit` in all.
 */
export async function fetchCandidates(
  query: RunQuery,
  blockingKeys: string[],
  limit: number,
  maxBlockSize = DEFAULT_MAX_BLOCK_SIZE,
): Promise<Candidate[]> {
  if (!blockingKeys.length) return [];
  const rows: {
    subject_id: string;
    names: MatchName[];
    dates_of_birth: string[];
    sex: string | null;
    postcodes: string[];
    identifiers: { scheme: string; value: string }[];
  }[] = await query(
    `WITH blocks AS (SELECT k, array_agg(b.subject_id) AS ids FROM unnest($1::text[]) AS k
                      CROSS JOIN LATERAL (SELECT subject_id FROM subject_blocking_keys WHERE block_key = k LIMIT $4 + 1) b
                      GROUP BY k HAVING count(*) <= $4),
          keyed AS (SELECT DISTINCT unnest(ids) AS subject_id FROM blocks LIMIT $2)
     SELECT p.subject_id, p.names, p.dates_of_birth, p.sex, p.postcodes,
            COALESCE((SELECT json_agg(json_build_object('scheme', i.scheme, 'value', i.value)) FROM subject_identifiers i
                       WHERE i.subject_id = p.subject_id AND i.scheme = ANY($3::text[])), '[]'::json) AS identifiers
       FROM keyed JOIN subject_match_profiles p ON p.subject_id = keyed.subject_id`,
    [blockingKeys, limit, SINGLE_VALUED_SCHEMES, maxBlockSize],
  );
  return rows.map((r) => ({
    subjectId: r.subject_id,
    profile: {
      names: r.names,
      datesOfBirth: r.dates_of_birth,
      ...(r.sex === 'M' || r.sex === 'F' ? { sex: r.sex } : {}),
      postcodes: r.postcodes,
      identifiers: r.identifiers,
    },
  }));
}

/**
 * Files a subject for matching: its names (every name and alias the record holds) replace the
 * stored ones; dates of birth and postcodes accumulate, so a subject is found by any it was given.
 */
export async function saveMatchProfile(
  query: RunQuery,
  subjectId: string,
  update: Omit<MatchProfile, 'identifiers'>,
): Promise<void> {
  const [merged] = await query(
    `INSERT INTO subject_match_profiles AS p (subject_id, names, dates_of_birth, sex, postcodes, keys_version)
     VALUES ($1, $2::jsonb, $3::text[], $4, $5::text[], $6)
     ON CONFLICT (subject_id) DO UPDATE SET
       names = EXCLUDED.names,
       keys_version = EXCLUDED.keys_version,
       dates_of_birth = ARRAY(SELECT DISTINCT unnest(p.dates_of_birth || EXCLUDED.dates_of_birth) ORDER BY 1),
       sex = COALESCE(EXCLUDED.sex, p.sex),
       postcodes = ARRAY(SELECT DISTINCT unnest(p.postcodes || EXCLUDED.postcodes) ORDER BY 1)
     RETURNING names, dates_of_birth, sex, postcodes`,
    [
      subjectId,
      JSON.stringify(update.names),
      update.datesOfBirth,
      update.sex ?? null,
      update.postcodes,
      BLOCKING_KEYS_VERSION,
    ],
  );
  const keys = subjectBlockingKeys({
    names: merged.names,
    datesOfBirth: merged.dates_of_birth,
    postcodes: merged.postcodes,
    identifiers: [],
  });
  await query(
    `INSERT INTO subject_blocking_keys (block_key, subject_id) SELECT k, $2 FROM unnest($1::text[]) AS k ON CONFLICT DO NOTHING`,
    [keys, subjectId],
  );
}

/**
 * Re-files, under today's blocking keys, up to `batch` profiles filed under an older version of
 * them (their old keys would never be looked up again). Run in a transaction: rows are locked
 * and skipped by another instance doing the same. Returns how many it re-keyed.
 */
export async function rekeyStaleProfiles(query: RunQuery, batch: number): Promise<number> {
  const stale: { subject_id: string; names: MatchName[]; dates_of_birth: string[]; postcodes: string[] }[] =
    await query(
      `SELECT subject_id, names, dates_of_birth, postcodes FROM subject_match_profiles
        WHERE keys_version < $1 LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [BLOCKING_KEYS_VERSION, batch],
    );
  if (!stale.length) return 0;
  const ids = stale.map((p) => p.subject_id);
  const keyed = stale.flatMap((p) =>
    subjectBlockingKeys({
      names: p.names,
      datesOfBirth: p.dates_of_birth,
      postcodes: p.postcodes,
      identifiers: [],
    }).map((k) => [k, p.subject_id]),
  );
  await query(`DELETE FROM subject_blocking_keys WHERE subject_id = ANY($1::uuid[])`, [ids]);
  await query(
    `INSERT INTO subject_blocking_keys (block_key, subject_id) SELECT * FROM unnest($1::text[], $2::uuid[]) ON CONFLICT DO NOTHING`,
    [keyed.map(([k]) => k), keyed.map(([, id]) => id)],
  );
  await query(`UPDATE subject_match_profiles SET keys_version = $2 WHERE subject_id = ANY($1::uuid[])`, [
    ids,
    BLOCKING_KEYS_VERSION,
  ]);
  return stale.length;
}

/** Files a subject for matching afresh from its record (after a merge or unmerge moved facts between subjects). */
export async function refileMatchProfile(query: RunQuery, subjectId: string, record: SubjectRecord): Promise<void> {
  await dropMatchProfile(query, subjectId);
  const postcode = normalisePostcode(record.address?.postcode);
  const sex = record.sex?.value;
  await saveMatchProfile(query, subjectId, {
    names: record.names.map((n) => ({ forenames: n.forenames, surname: n.surname })),
    datesOfBirth: record.dateOfBirth ? [record.dateOfBirth.value] : [],
    ...(sex === 'M' || sex === 'F' ? { sex } : {}),
    postcodes: postcode ? [postcode] : [],
  });
}

/** A subject no message should be matched to any more (merged into another). */
export async function dropMatchProfile(query: RunQuery, subjectId: string): Promise<void> {
  await query(`DELETE FROM subject_blocking_keys WHERE subject_id = $1`, [subjectId]);
  await query(`DELETE FROM subject_match_profiles WHERE subject_id = $1`, [subjectId]);
}
