import type { PersonClaim, ProbationChange, RecordProbationUpdate } from '../../../src/canonical/commands';
import { normaliseIdentifier } from '../../../src/canonical/identifiers/identifier';
import type { IdentifierScheme } from '../../../src/canonical/subject-record';
import type { FieldError } from '../../../src/common/problem';
import { BODY_FIELD, PROBATION_EVENT_TYPES, type ProbationMessageDto } from './probation.dto';
import { planDateErrors, toRiskPlanChange } from '../../common/risk-management-plan.dto';

/** Exactly the body field of the event type, and no other body field (probation.md). */
export function bodyFieldErrors(m: ProbationMessageDto): FieldError[] {
  if (!PROBATION_EVENT_TYPES.includes(m.eventType)) return [];
  const expected = BODY_FIELD[m.eventType];
  const errors: FieldError[] = [];
  if ((m as unknown as Record<string, unknown>)[expected] === undefined)
    errors.push({ path: expected, message: `is required for ${m.eventType}` });
  for (const field of new Set(Object.values(BODY_FIELD))) {
    if (field !== expected && (m as unknown as Record<string, unknown>)[field] !== undefined)
      errors.push({ path: field, message: `is not allowed for ${m.eventType}` });
  }
  if (m.licence && m.licence.expiryDate < m.licence.startDate)
    errors.push({ path: 'licence.expiryDate', message: 'must not be before startDate' });
  errors.push(...planDateErrors(m.plan));
  if (m.transfer && BODY_FIELD[m.eventType] === 'transfer') {
    const needed =
      m.eventType === 'TRANSFER_REQUESTED' ? (['requestedOn', 'reason'] as const) : (['acceptedOn'] as const);
    const refused =
      m.eventType === 'TRANSFER_REQUESTED' ? (['acceptedOn'] as const) : (['requestedOn', 'reason'] as const);
    for (const f of needed)
      if (m.transfer[f] === undefined)
        errors.push({ path: `transfer.${f}`, message: `is required for ${m.eventType}` });
    for (const f of refused)
      if (m.transfer[f] !== undefined)
        errors.push({ path: `transfer.${f}`, message: `is not allowed for ${m.eventType}` });
  }
  return errors;
}

/** Maps a validated probation message to its canonical command. */
export function toProbationCommand(m: ProbationMessageDto): RecordProbationUpdate {
  return { kind: 'RECORD_PROBATION_UPDATE', person: toPersonClaim(m), change: toChange(m) };
}

function toChange(m: ProbationMessageDto): ProbationChange {
  switch (m.eventType) {
    case 'RISK_ASSESSMENT_COMPLETED': {
      const r = m.riskAssessment!;
      return {
        type: 'RISK_ASSESSMENT',
        assessment: {
          assessmentId: m.eventId,
          tool: r.tool,
          completedOn: r.completedOn,
          roshOverall: r.roshOverall,
          rosh: { ...r.rosh },
          ...(r.osp ? { osp: { ...r.osp } } : {}),
          ...(r.rm2000 ? { rm2000: { ...r.rm2000 } } : {}),
          assessor: { ...r.assessor },
          ...(r.countersignedBy ? { countersignedBy: { ...r.countersignedBy } } : {}),
          nextReviewDue: r.nextReviewDue,
        },
      };
    }
    case 'MAPPA_CHANGED': {
      const x = m.mappa!;
      return {
        type: 'MAPPA',
        mappa: {
          changeId: m.eventId,
          category: x.category,
          level: x.level,
          startDate: x.startDate,
          ...(x.reviewDate ? { reviewDate: x.reviewDate } : {}),
          leadAgency: x.leadAgency,
        },
      };
    }
    case 'LICENCE_CONDITIONS_SET':
      return {
        type: 'LICENCE',
        licence: {
          startDate: m.licence!.startDate,
          expiryDate: m.licence!.expiryDate,
          conditions: m.licence!.conditions.map((c) => ({ code: c.code, text: c.text })),
        },
      };
    case 'OFFENDER_MANAGER_ALLOCATED':
      return { type: 'OFFENDER_MANAGER', offenderManager: { ...m.offenderManager! } };
    case 'ADDRESS_CHANGED': {
      const a = m.address!;
      return {
        type: 'ADDRESS',
        address: {
          line1: a.line1,
          ...(a.line2 ? { line2: a.line2 } : {}),
          town: a.town,
          postcode: a.postcode.toUpperCase(),
          type: a.type,
          from: a.from,
        },
      };
    }
    case 'RELEASED':
      return {
        type: 'CUSTODY',
        custody: {
          eventId: m.eventId,
          kind: 'RELEASED',
          on: m.release!.releasedOn,
          establishment: m.release!.establishment,
          ...(m.release!.licenceExpiry ? { licenceExpiry: m.release!.licenceExpiry } : {}),
        },
      };
    case 'RECALLED':
      return {
        type: 'CUSTODY',
        custody: { eventId: m.eventId, kind: 'RECALLED', on: m.recall!.recalledOn, reason: m.recall!.reason },
      };
    case 'SUPERVISION_ENDED':
      return { type: 'SUPERVISION_ENDED', endedOn: m.supervision!.endedOn, reason: m.supervision!.reason };
    case 'RISK_MANAGEMENT_PLAN_RECORDED':
      return toRiskPlanChange(m.plan!, m.eventId);
    case 'TRANSFER_REQUESTED':
    case 'TRANSFER_ACCEPTED': {
      const t = m.transfer!;
      const toProvider = { code: t.toProvider.code, name: t.toProvider.name };
      return m.eventType === 'TRANSFER_REQUESTED'
        ? {
            type: 'TRANSFER_REQUESTED',
            transferId: m.eventId,
            toProvider,
            requestedOn: t.requestedOn!,
            reason: t.reason!,
          }
        : { type: 'TRANSFER_ACCEPTED', transferId: m.eventId, toProvider, acceptedOn: t.acceptedOn! };
    }
  }
}

function toPersonClaim(m: ProbationMessageDto): PersonClaim {
  const p = m.person;
  // Validated already; normalised so that every source's spelling of an identifier meets.
  const claimed: [IdentifierScheme, string | undefined][] = [
    ['PNC', p.pncId],
    ['CRN', p.crn],
    ['NOMS', p.nomsNumber],
  ];
  const identifiers: { scheme: IdentifierScheme; value: string }[] = [];
  for (const [scheme, raw] of claimed) {
    const id = raw === undefined ? undefined : normaliseIdentifier(scheme, raw);
    if (id?.ok) identifiers.push({ scheme, value: id.value });
  }
  return {
    forenames: p.name.forenames.trim(),
    surname: p.name.surname.trim(),
    aliases: [],
    dateOfBirth: p.dateOfBirth,
    identifiers,
    statedAt: m.occurredAt,
  };
}
