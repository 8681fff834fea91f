import type { ProbationChange, RecordProbationUpdate } from '../../../src/canonical/commands';
import type { FieldError } from '../../../src/common/problem';
import { bodyFieldErrors, fieldsForTypeErrors } from '../../../src/common/validation/body-fields';
import { toPersonClaim, toTypedAddress } from '../hmpps/hmpps-person.mapper';
import { BODY_FIELD, type ProbationMessageDto } from './probation.dto';
import { planDateErrors, toRiskPlanChange } from '../../common/risk-management-plan.dto';

/** Exactly the body field of the event type and no other (probation.md), a licence in date order, a transfer's dates for its type. */
export function probationCrossFieldErrors(m: ProbationMessageDto): FieldError[] {
  const errors = bodyFieldErrors(m, m.eventType, BODY_FIELD);
  if (m.licence && m.licence.expiryDate < m.licence.startDate)
    errors.push({ path: 'licence.expiryDate', message: 'must not be before startDate' });
  errors.push(...planDateErrors(m.plan));
  if (m.transfer && m.eventType === 'TRANSFER_REQUESTED')
    errors.push(...fieldsForTypeErrors(m.transfer, 'transfer', m.eventType, ['requestedOn', 'reason'], ['acceptedOn']));
  if (m.transfer && m.eventType === 'TRANSFER_ACCEPTED')
    errors.push(...fieldsForTypeErrors(m.transfer, 'transfer', m.eventType, ['acceptedOn'], ['requestedOn', 'reason']));
  return errors;
}

/** Maps a validated probation message to its canonical command. */
export function toProbationCommand(m: ProbationMessageDto): RecordProbationUpdate {
  return { kind: 'RECORD_PROBATION_UPDATE', person: toPersonClaim(m.person, m.occurredAt), change: toChange(m) };
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
    case 'ADDRESS_CHANGED':
      return { type: 'ADDRESS', address: toTypedAddress(m.address!) };
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
