import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { AuditErasure } from '../audit/audit-erasure';
import { AuditLog } from '../audit/audit-log';
import type { Caller } from '../auth/agency';
import { todayInLondon, type CivilDate } from '../canonical/civil-date';
import { emptySubjectRecord, type SubjectRecord } from '../canonical/subject-record';
import { ProblemException } from '../common/problem';
import { retentionEnd, retentionHasEnded } from './retention-end';
import type { RetentionPolicy } from './retention-policy';
import { SubjectDataEraser, type ErasedCounts } from './subject-data-eraser';

export const RETENTION_POLICY = Symbol('RETENTION_POLICY');

export interface ErasureResult {
  subjectId: string;
  erasedAt: string;
  retentionEndedOn: CivilDate;
  /** Records merged into the subject, erased with it (each has its own ERASURE row). */
  mergedSubjectIds: string[];
  /** Summed over the subject and those merged into it. */
  erased: ErasedCounts & { auditRows: number };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Erasure of one subject after retention: the hub's own tables, the personal fields of the
 * audit rows about them, and an ERASURE row saying who erased whom and why, in one
 * transaction. The subject row is locked first, so a message arriving meanwhile either lands
 * before (and restarts the retention, refusing the erasure) or finds no record to join.
 */
@Injectable()
export class SubjectErasure {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly eraser: SubjectDataEraser,
    private readonly auditErasure: AuditErasure,
    private readonly audit: AuditLog,
    @Inject(RETENTION_POLICY) private readonly policy: RetentionPolicy,
  ) {}

  async erase(caller: Caller, subjectId: string, reason: string): Promise<ErasureResult> {
    const notFound = () => new ProblemException('SUBJECT_NOT_FOUND', 'No subject has that id');
    if (!UUID.test(subjectId)) throw notFound();
    return this.dataSource.transaction(async (m) => {
      const [row] = await m.query(`SELECT record, updated_at, erased_at FROM subjects WHERE id = $1 FOR UPDATE`, [
        subjectId,
      ]);
      if (!row) throw notFound();
      if (row.erased_at)
        throw new ProblemException(
          'SUBJECT_ALREADY_ERASED',
          `The subject was already erased on ${new Date(row.erased_at).toISOString()}`,
        );
      const record: SubjectRecord = row.record && Object.keys(row.record).length ? row.record : emptySubjectRecord();
      const end = retentionEnd(record, todayInLondon(new Date(row.updated_at)), this.policy);
      if (!retentionHasEnded(end, todayInLondon())) {
        throw new ProblemException(
          'RETENTION_NOT_ENDED',
          end.endsOn
            ? `The retention of this subject's records runs until ${end.endsOn}`
            : "This subject's records are kept indefinitely",
          undefined,
          { retentionEndsOn: end.endsOn, heldBy: end.heldBy },
        );
      }
      // Records merged into this one are the same person: they go with it, each logged.
      const merged: { id: string }[] = await m.query(
        `WITH RECURSIVE absorbed AS (
           SELECT id FROM subjects WHERE merged_into = $1
           UNION SELECT s.id FROM subjects s JOIN absorbed a ON s.merged_into = a.id)
         SELECT s.id FROM subjects s JOIN absorbed USING (id) WHERE s.erased_at IS NULL ORDER BY s.id FOR UPDATE OF s`,
        [subjectId],
      );
      const erased = { auditRows: 0 } as ErasedCounts & { auditRows: number };
      for (const id of [...merged.map((r) => r.id), subjectId]) {
        const counts = await this.eraseOne(m, caller, id, reason, {
          retentionEndedOn: end.endsOn,
          heldBy: end.heldBy,
          ...(id === subjectId ? {} : { mergedInto: subjectId }),
        });
        for (const [k, v] of Object.entries(counts))
          erased[k as keyof typeof erased] = (erased[k as keyof typeof erased] ?? 0) + v;
      }
      const [{ now }] = await m.query(`SELECT now() AS now`);
      return {
        subjectId,
        erasedAt: new Date(now).toISOString(),
        retentionEndedOn: end.endsOn!,
        mergedSubjectIds: merged.map((r) => r.id),
        erased,
      };
    });
  }

  /**
   * One subject's data, then its ERASURE row (which keeps the subject id: the log of the erasure
   * itself), then its audit rows' personal fields, each pointed at that ERASURE row.
   */
  private async eraseOne(
    m: EntityManager,
    caller: Caller,
    subjectId: string,
    reason: string,
    why: Record<string, unknown>,
  ): Promise<ErasedCounts & { auditRows: number }> {
    const counts = await this.eraser.erase(m, subjectId);
    const auditRows = await this.auditErasure.countRows(m, subjectId);
    await this.audit.record(
      {
        action: 'ERASURE',
        operation: 'subject.erased',
        agencyId: caller.agency.id,
        actorSub: caller.sub,
        subjectId,
        justification: reason,
        details: { ...why, auditRows, ...counts },
      },
      m,
    );
    await this.auditErasure.eraseSubject(m, subjectId);
    return { auditRows, ...counts };
  }
}
