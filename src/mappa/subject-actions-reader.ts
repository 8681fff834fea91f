import { Injectable } from '@nestjs/common';
import { DisclosurePolicy } from '../agreements/disclosure-policy';
import type { Caller } from '../auth/agency';
import { AuditLog } from '../audit/audit-log';
import { todayInLondon } from '../canonical/civil-date';
import { ProblemException } from '../common/problem';
import { recordView } from '../subjects/subject-record-view';
import { SubjectRepository } from '../subjects/subject.repository';

export type ActionsStatus = 'open' | 'overdue' | 'all';

const notFound = () => new ProblemException('SUBJECT_NOT_FOUND', 'No subject that you may see has that id');

/**
 * `GET /v1/subjects/{id}/actions`: the record's MAPPA actions as the disclosure policy projects
 * the record for the caller (field path `mappa.actions`, or `mappa`), audited like a read.
 * A subject the caller may not see is not found; one it may see without that field has no
 * actions it may see.
 */
@Injectable()
export class SubjectActionsReader {
  constructor(
    private readonly subjects: SubjectRepository,
    private readonly policy: DisclosurePolicy,
    private readonly audit: AuditLog,
  ) {}

  async read(caller: Caller, subjectId: string, status: ActionsStatus, justification: string) {
    const subject = await this.subjects.findById(subjectId);
    // A merged subject's actions are read on the survivor (its record holds them now).
    if (!subject || subject.mergedInto) throw notFound();
    const today = todayInLondon();
    const disclosure = await this.policy.disclose(recordView(subject, today), caller.agency.id);
    if (!disclosure) throw notFound();
    const mappa = (disclosure.record.mappa ?? {}) as { actions?: { status: string; overdue: boolean }[] };
    const actions = (mappa.actions ?? []).filter(
      (a) =>
        status === 'all' ||
        (status === 'open' && (a.status === 'OPEN' || a.status === 'BLOCKED')) ||
        (status === 'overdue' && a.overdue),
    );
    await this.audit.record({
      action: 'CONSULTATION',
      operation: 'subject.actions.read',
      agencyId: caller.agency.id,
      actorSub: caller.sub,
      subjectId,
      justification,
      agreementIds: disclosure.agreements.map((a) => a.id),
      details: { status, count: actions.length },
    });
    return { subjectId, status, actions };
  }
}
