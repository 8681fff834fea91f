import { Injectable } from '@nestjs/common';
import type { Caller } from '../auth/agency';
import { AuditLog } from '../audit/audit-log';
import { DisclosurePolicy } from '../agreements/disclosure-policy';
import { todayInLondon } from '../canonical/civil-date';
import { normaliseIdentifier } from '../canonical/identifiers/identifier';
import { IDENTIFIER_SCHEMES, type IdentifierScheme } from '../canonical/subject-record';
import { ProblemException } from '../common/problem';
import { toReadModel } from './subject-read-model';
import { recordView } from './subject-record-view';
import { SubjectEventsRepository } from './subject-events.repository';
import { SubjectRepository } from './subject.repository';

/** The same answer whether the subject is absent or the caller may not see it: existence is not revealed. */
const notFound = () => new ProblemException('SUBJECT_NOT_FOUND', 'No subject that you may see has that id');

export { subjectFacts } from './subject-facts';

/** Reads of the record: projected by the disclosure policy, each one audited with its justification. */
@Injectable()
export class SubjectReader {
  constructor(
    private readonly subjects: SubjectRepository,
    private readonly events: SubjectEventsRepository,
    private readonly policy: DisclosurePolicy,
    private readonly audit: AuditLog,
  ) {}

  async read(caller: Caller, subjectId: string, justification: string): Promise<Record<string, unknown>> {
    const subject = await this.subjects.findById(subjectId);
    if (subject?.mergedInto) await this.redirectToSurvivor(caller, subject.mergedInto, '');
    const disclosure = subject
      ? await this.policy.disclose(recordView(subject, todayInLondon()), caller.agency.id)
      : null;
    if (!disclosure) throw notFound();
    await this.audit.record({
      action: 'CONSULTATION',
      operation: 'subject.read',
      agencyId: caller.agency.id,
      actorSub: caller.sub,
      subjectId,
      justification,
      agreementIds: disclosure.agreements.map((a) => a.id),
    });
    return toReadModel(subjectId, disclosure.record);
  }

  /**
   * A merged subject's id answers 301 to the survivor, for a caller who may see the survivor;
   * anyone else gets the same 404 as for an unknown id. Nothing of either record is shown here.
   */
  private async redirectToSurvivor(caller: Caller, survivorId: string, suffix: string): Promise<never> {
    const survivor = await this.subjects.findById(survivorId);
    const visible =
      survivor !== null &&
      (await this.policy.disclose(recordView(survivor, todayInLondon()), caller.agency.id)) !== null;
    if (!visible) throw notFound();
    throw new ProblemException(
      'SUBJECT_MERGED',
      'This subject was merged into another; its record is read there',
      undefined,
      {
        mergedInto: survivorId,
        headers: { location: `/v1/subjects/${survivorId}${suffix}` },
      },
    );
  }

  async readByIdentifier(caller: Caller, identifier: string, justification: string): Promise<Record<string, unknown>> {
    const { scheme, value } = parseIdentifier(identifier);
    const subjectId = await this.subjects.findIdByIdentifier(scheme, value);
    if (!subjectId) throw notFound();
    return this.read(caller, subjectId, justification);
  }

  /** The record's events the caller's agreements let it see, each projected as its delivery would be. */
  async timeline(caller: Caller, subjectId: string, justification: string) {
    const subject = await this.subjects.findById(subjectId);
    if (subject?.mergedInto) await this.redirectToSurvivor(caller, subject.mergedInto, '/timeline');
    const events = subject ? await this.events.timeline(subjectId, 500) : [];
    const disclosure = subject
      ? await this.policy.disclose(recordView(subject, todayInLondon(), events), caller.agency.id)
      : null;
    if (!disclosure) throw notFound();
    await this.audit.record({
      action: 'CONSULTATION',
      operation: 'subject.timeline.read',
      agencyId: caller.agency.id,
      actorSub: caller.sub,
      subjectId,
      justification,
      agreementIds: disclosure.agreements.map((a) => a.id),
    });
    return {
      subjectId,
      entries: disclosure.timeline.map((e) => ({
        eventId: e.eventId,
        type: e.type,
        sequence: e.sequence,
        at: e.at,
        sourceAgency: e.sourceAgency,
        sourceMessageId: e.sourceMessageId,
        data: e.data,
      })),
    };
  }
}

/** `SCHEME:value`; the value normalised exactly as on the way in (case, spaces, PNC century). */
function parseIdentifier(identifier: string): { scheme: IdentifierScheme; value: string } {
  const colon = identifier.indexOf(':');
  const scheme = identifier.slice(0, colon).toUpperCase() as IdentifierScheme;
  const raw = identifier.slice(colon + 1).trim();
  const bad = (why: string) =>
    new ProblemException('QUERY_PARAMETER_INVALID', why, [{ path: 'identifier', message: why }]);
  if (colon < 1 || !IDENTIFIER_SCHEMES.includes(scheme))
    throw bad(`identifier must be SCHEME:value with a scheme of ${IDENTIFIER_SCHEMES.join(', ')}`);
  if (!raw || raw.length > 40) throw bad('identifier value must be 1-40 characters');
  const normalised = normaliseIdentifier(scheme, raw);
  if (!normalised.ok) throw bad(`not a valid ${scheme} identifier: ${normalised.reason}`);
  return { scheme, value: normalised.value };
}
