import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
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
    const notFound = () => new ProblemException(404, 'Not Found', 'No subject has that id');
    if (!UUID.test(subjectId)) throw notFound();
    return this.dataSource.transaction(async (m) => {
      const [row] = await m.query(`SELECT record, updated_at, erased_at FROM subjects WHERE id = $1 FOR UPDATE`, [subjectId]);
      if (!row) throw notFound();
      if (row.erased_at) throw new ProblemException(409, 'Conflict', `The subject was already erased on ${new Date(row.erased_at).toISOString()}`);
      const record: SubjectRecord = row.record && Object.keys(row.record).length ? row.record : emptySubjectRecord();
      const end = retentionEnd(record, todayInLondon(new Date(row.updated_at)), this.policy);
      if (!retentionHasEnded(end, todayInLondon())) {
        throw new ProblemException(
          409,
          'Conflict',
          end.endsOn ? `The retention of this subject's records runs until ${end.endsOn}` : "This subject's records are kept indefinitely",
          undefined,
          { retentionEndsOn: end.endsOn, heldBy: end.heldBy },
        );
      }
      const counts = await this.eraser.erase(m, subjectId);
      const auditRows = await this.auditErasure.countRows(m, subjectId);
      // Written before the audit rows are erased, which then point at it; it keeps the subject
      // id: the log of the erasure itself.
      await this.audit.record(
        {
          action: 'ERASURE',
          operation: 'subject.erased',
          agencyId: caller.agency.id,
          actorSub: caller.sub,
          subjectId,
          justification: reason,
          details: { retentionEndedOn: end.endsOn, heldBy: end.heldBy, auditRows, ...counts },
        },
        m,
      );
      await this.auditErasure.eraseSubject(m, subjectId);
      const [{ now }] = await m.query(`SELECT now() AS now`);
      return { subjectId, erasedAt: new Date(now).toISOString(), retentionEndedOn: end.endsOn!, erased: { auditRows, ...counts } };
    });
  }
}
