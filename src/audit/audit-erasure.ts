import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/**
 * The one sanctioned change to audit rows: removing a subject's personal fields (subject id,
 * justification and the salt of their digest) once the subject's retention has ended. The
 * hash covers only the digest, so every chain still verifies; without the salt the digest can
 * no longer be tested against a guessed subject.
 *
 * The hub's role may not UPDATE the log at all: the change is made by audit_erase_subject(),
 * a SECURITY DEFINER function of the log's owner, which erases only the rows of the subject
 * named by an ERASURE row of this transaction, makes each point at it, and refuses unless
 * that row counted them exactly (so verify can check the count).
 */
@Injectable()
export class AuditErasure {
  /** How many audit rows about the subject are not yet erased: what the ERASURE row must count. */
  async countRows(manager: EntityManager, subjectId: string): Promise<number> {
    const [{ n }] = await manager.query(
      `SELECT count(*)::int AS n FROM audit_log WHERE subject_id = $1 AND erased_at IS NULL`,
      [subjectId],
    );
    return n;
  }

  /**
   * Erases the subject's rows, pointing them at the subject's ERASURE row already written in
   * this transaction. Returns how many rows lost their personal fields.
   */
  async eraseSubject(manager: EntityManager, subjectId: string): Promise<number> {
    if (!manager.queryRunner?.isTransactionActive)
      throw new Error('audit erasure must run inside the erasure transaction');
    const [entry] = await manager.query(
      `SELECT max(id) AS id FROM audit_log WHERE action = 'ERASURE' AND operation = 'subject.erased' AND subject_id = $1 AND erased_at IS NULL`,
      [subjectId],
    );
    if (!entry?.id) throw new Error('the ERASURE row must be written before the audit rows are erased');
    const [{ n }] = await manager.query(`SELECT audit_erase_subject($1, $2) AS n`, [subjectId, entry.id]);
    return n;
  }
}
