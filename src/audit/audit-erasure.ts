import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/**
 * The one sanctioned change to audit rows: removing a subject's personal fields (subject id,
 * justification and the salt of their digest) once the subject's retention has ended. The
 * hash covers only the digest, so every chain still verifies; without the salt the digest can
 * no longer be tested against a guessed subject. The database trigger allows exactly this
 * change, and only while `hub.audit_erasure` is on in the erasing transaction.
 */
@Injectable()
export class AuditErasure {
  /** Returns how many rows lost their personal fields. Must run inside the erasure's transaction. */
  async eraseSubject(manager: EntityManager, subjectId: string): Promise<number> {
    if (!manager.queryRunner?.isTransactionActive) throw new Error('audit erasure must run inside the erasure transaction');
    await manager.query(`SELECT set_config('hub.audit_erasure', 'on', true)`);
    const [{ n }] = await manager.query(
      `WITH erased AS (
         UPDATE audit_log SET subject_id = NULL, justification = NULL, personal_salt = NULL, erased_at = now()
          WHERE subject_id = $1 AND erased_at IS NULL RETURNING 1)
       SELECT count(*)::int AS n FROM erased`,
      [subjectId],
    );
    await manager.query(`SELECT set_config('hub.audit_erasure', 'off', true)`);
    return n;
  }
}
