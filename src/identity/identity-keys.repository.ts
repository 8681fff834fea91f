import type { EntityManager } from 'typeorm';

/**
 * The identity module's keys of a subject (identifiers and name keys): what later messages find
 * it by. Order refs, the third key, belong to the subject's record (SubjectRepository).
 */

/** A merge: everything that found the absorbed subject now finds the survivor. */
export async function moveIdentityKeys(m: EntityManager, from: string, to: string): Promise<void> {
  await m.query(`UPDATE subject_identifiers SET subject_id = $1 WHERE subject_id = $2`, [to, from]);
  await m.query(
    `INSERT INTO subject_name_keys (subject_id, name_key, date_of_birth) SELECT $1, name_key, date_of_birth FROM subject_name_keys WHERE subject_id = $2 ON CONFLICT DO NOTHING`,
    [to, from],
  );
  await m.query(`DELETE FROM subject_name_keys WHERE subject_id = $1`, [from]);
}

/** An unmerge clears each side's keys before putting back what it held. */
export async function clearIdentityKeys(m: EntityManager, subjectId: string): Promise<void> {
  await m.query(`DELETE FROM subject_identifiers WHERE subject_id = $1`, [subjectId]);
  await m.query(`DELETE FROM subject_name_keys WHERE subject_id = $1`, [subjectId]);
}
