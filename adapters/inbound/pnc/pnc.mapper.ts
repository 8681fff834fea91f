import { ageOn, isCivilDate } from '../../../src/canonical/civil-date';
import type { PersonClaim, PncChange, RecordPncUpdate } from '../../../src/canonical/commands';
import { normaliseCroNumber } from '../../../src/canonical/identifiers/cro-number';
import { normalisePncId } from '../../../src/canonical/identifiers/pnc-id';
import type { IdentifierScheme, NotificationDetails } from '../../../src/canonical/subject-record';
import type { FieldError } from '../../../src/common/problem';
import { isUnknownCountry, UNKNOWN_COUNTRY, type CountryCodes } from '../../../src/canonical/country-codes';
import { bodyFieldErrors } from '../../../src/common/validation/body-fields';
import { planDateErrors, toRiskPlanChange } from '../../common/risk-management-plan.dto';
import type { PncUpdateDto, PncUpdateType } from './pnc.dto';

const BODY: Record<PncUpdateType, 'caution' | 'warningSignal' | 'notification' | 'plan' | null> = {
  NOMINAL_UPDATED: null,
  CAUTION_RECORDED: 'caution',
  WARNING_SIGNAL_ADDED: 'warningSignal',
  WARNING_SIGNAL_REMOVED: 'warningSignal',
  NOTIFICATION_RECEIVED: 'notification',
  RISK_MANAGEMENT_PLAN_RECORDED: 'plan',
};

/** Rules across fields: the body the update type needs (and no other), one PRIMARY name, the youth flag against the date of birth. */
export function pncCrossFieldErrors(m: PncUpdateDto): FieldError[] {
  const errors = bodyFieldErrors(m, m.updateType, BODY);
  const primaries = (m.nominal?.names ?? []).filter((n) => n.type === 'PRIMARY').length;
  if (Array.isArray(m.nominal?.names) && primaries !== 1)
    errors.push({ path: 'nominal.names', message: 'must hold exactly one PRIMARY name' });
  const c = m.caution;
  if (
    c &&
    isCivilDate(c.cautionedOn) &&
    isCivilDate(m.nominal?.dateOfBirth) &&
    typeof c.youth === 'boolean' &&
    c.cautionedOn >= m.nominal.dateOfBirth
  ) {
    const under18 = ageOn(m.nominal.dateOfBirth, c.cautionedOn) < 18;
    if (under18 !== c.youth) {
      const message = `says ${c.youth ? '' : 'not '}youth, but the date of birth makes the person ${under18 ? 'under 18' : '18 or over'} on cautionedOn`;
      errors.push(
        { path: 'caution.youth', message },
        { path: 'nominal.dateOfBirth', message: 'disagrees with caution.youth' },
      );
    }
  }
  errors.push(...planDateErrors(m.plan));
  const n = m.notification;
  if (n?.details?.departOn && n.details.returnOn && n.details.returnOn < n.details.departOn)
    errors.push({ path: 'notification.details.returnOn', message: 'must not be before departOn' });
  if (n?.kind === 'FOREIGN_TRAVEL' && n.details && (!n.details.destination || !n.details.departOn)) {
    errors.push({ path: 'notification.details', message: 'FOREIGN_TRAVEL needs destination and departOn' });
  }
  return errors;
}

/** A travel destination must be a country ISO 3166 assigned: the hub compares it with orders' prohibitions. */
export function pncCountryErrors(m: PncUpdateDto, countries: CountryCodes): FieldError[] {
  const destination = m.notification?.details?.destination;
  return isUnknownCountry(destination, countries)
    ? [{ path: 'notification.details.destination', message: UNKNOWN_COUNTRY }]
    : [];
}

export function toPncCommand(m: PncUpdateDto): RecordPncUpdate {
  return { kind: 'RECORD_PNC_UPDATE', person: toPersonClaim(m), force: m.force, change: toChange(m) };
}

function toChange(m: PncUpdateDto): PncChange {
  switch (m.updateType) {
    case 'NOMINAL_UPDATED':
      return { type: 'NOMINAL_UPDATED' };
    case 'CAUTION_RECORDED':
      return { type: 'CAUTION', caution: { cautionId: m.updateId, ...m.caution! } };
    case 'WARNING_SIGNAL_ADDED':
    case 'WARNING_SIGNAL_REMOVED':
      return {
        type: 'WARNING_SIGNAL',
        added: m.updateType === 'WARNING_SIGNAL_ADDED',
        code: m.warningSignal!.code,
        description: m.warningSignal!.description,
      };
    case 'RISK_MANAGEMENT_PLAN_RECORDED':
      return toRiskPlanChange(m.plan!, m.updateId);
    case 'NOTIFICATION_RECEIVED': {
      const n = m.notification!;
      return {
        type: 'NOTIFICATION',
        notificationId: m.updateId,
        kind: n.kind,
        receivedOn: n.receivedOn,
        details: JSON.parse(JSON.stringify(n.details)) as NotificationDetails,
      };
    }
  }
}

function toPersonClaim(m: PncUpdateDto): PersonClaim {
  const primary = m.nominal.names.find((n) => n.type === 'PRIMARY')!;
  const identifiers: { scheme: IdentifierScheme; value: string }[] = [];
  const pnc = normalisePncId(m.nominal.pncId);
  if (pnc.ok) identifiers.push({ scheme: 'PNC', value: pnc.value });
  if (m.nominal.croNumber) {
    const cro = normaliseCroNumber(m.nominal.croNumber);
    if (cro.ok) identifiers.push({ scheme: 'CRO', value: cro.value });
  }
  return {
    forenames: primary.forenames.trim(),
    surname: primary.surname.trim(),
    aliases: m.nominal.names
      .filter((n) => n.type === 'ALIAS')
      .map((n) => ({ forenames: n.forenames.trim(), surname: n.surname.trim() })),
    dateOfBirth: m.nominal.dateOfBirth,
    sex: m.nominal.sex,
    identifiers,
    statedAt: m.recordedAt,
  };
}
