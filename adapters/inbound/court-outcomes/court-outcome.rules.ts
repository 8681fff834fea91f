import { compareCivilDates, isCivilDate } from '../../../src/canonical/civil-date';
import { isConvictingFinding } from '../../../src/canonical/findings';
import type { FieldError } from '../../../src/common/problem';
import { isUnknownCountry, UNKNOWN_COUNTRY, type CountryCodes } from '../../../src/canonical/country-codes';
import { isMessageType } from './court-message-types';
import type { CourtOutcomeDto, OrderDto } from './court-outcome.dto';

/** Prohibited countries and the nationality must be codes ISO 3166 assigned (`*`: the whole world). */
export function countryErrors(m: CourtOutcomeDto, countries: CountryCodes): FieldError[] {
  const errors: FieldError[] = [];
  if (isUnknownCountry(m.defendant?.nationality, countries))
    errors.push({ path: 'defendant.nationality', message: UNKNOWN_COUNTRY });
  (Array.isArray(m.orders) ? m.orders : []).forEach((o, i) =>
    (Array.isArray(o?.prohibitions) ? o.prohibitions : []).forEach((p, j) =>
      (Array.isArray(p?.countries) ? p.countries : []).forEach((code, k) => {
        if (isUnknownCountry(code, countries))
          errors.push({ path: `orders[${i}].prohibitions[${j}].countries[${k}]`, message: UNKNOWN_COUNTRY });
      }),
    ),
  );
  return errors;
}

/**
 * Rules that span fields or depend on the message type (court-outcomes.md); run after the
 * per-field checks so that each message gets the complete list of what is wrong with it.
 * For a messageType the hub does not know (already named by the field checks) only the rules
 * common to every type run: another type's rules would name fields that are not at fault.
 */
export function crossFieldErrors(m: CourtOutcomeDto): FieldError[] {
  const errors: FieldError[] = [];
  const offences = m.offences ?? [];
  const orders = m.orders ?? [];
  const convicted = offences.filter((o) => isConvictingFinding(o.finding));

  offences.forEach((o, i) => {
    if (isConvictingFinding(o.finding) && !o.convictionDate) {
      errors.push({ path: `offences[${i}].convictionDate`, message: `is required when the finding is ${o.finding}` });
    }
    if (
      o.convictionDate &&
      o.offenceDate &&
      isCivilDate(o.convictionDate) &&
      isCivilDate(o.offenceDate) &&
      compareCivilDates(o.convictionDate, o.offenceDate) < 0
    ) {
      errors.push({ path: `offences[${i}].convictionDate`, message: 'must not be before offenceDate' });
    }
  });
  const sequences = offences.map((o) => o.sequence);
  sequences.forEach((s, i) => {
    if (sequences.indexOf(s) !== i)
      errors.push({ path: `offences[${i}].sequence`, message: 'must be unique within the message' });
  });

  const refs = orders.map((o) => o.orderRef);
  refs.forEach((r, i) => {
    if (refs.indexOf(r) !== i)
      errors.push({ path: `orders[${i}].orderRef`, message: 'must be unique within the message' });
  });
  orders.forEach((o, i) => errors.push(...orderTermsErrors(o, `orders[${i}]`)));
  if (!isMessageType(m.messageType)) return errors;

  if (m.messageType === 'HEARING_RESULTED') {
    if (offences.length === 0)
      errors.push({ path: 'offences', message: 'must contain at least one offence for HEARING_RESULTED' });
    if (convicted.length > 0 && !m.sentence && m.sentencingAdjourned !== true) {
      errors.push({
        path: 'sentence',
        message: 'is required after a guilty finding unless sentencingAdjourned is true',
      });
    }
    if (m.sentence && m.sentencingAdjourned === true) {
      errors.push({ path: 'sentencingAdjourned', message: 'must not be true when a sentence is given' });
    }
    if (m.sentence) errors.push(...sentenceErrors(m.sentence));
  } else if (m.messageType === 'ORDER_VARIED' || m.messageType === 'ORDER_DISCHARGED') {
    // An unknown messageType is named by itself; rules for a type it is not would only add noise.
    if (orders.length !== 1)
      errors.push({ path: 'orders', message: `must contain exactly the one order for ${m.messageType}` });
    if (m.sentence) errors.push({ path: 'sentence', message: `is not allowed for ${m.messageType}` });
  }

  orders.forEach((o, i) => errors.push(...orderChangeErrors(o, `orders[${i}]`, m.messageType)));
  return errors;
}

function sentenceErrors(s: NonNullable<CourtOutcomeDto['sentence']>): FieldError[] {
  const errors: FieldError[] = [];
  const needs = (field: keyof typeof s, why: string) => {
    if (s[field] === undefined) errors.push({ path: `sentence.${field}`, message: why });
  };
  const forbids = (fields: (keyof typeof s)[]) => {
    for (const f of fields)
      if (s[f] !== undefined)
        errors.push({ path: `sentence.${f}`, message: `is not allowed with disposal ${s.disposal}` });
  };
  switch (s.disposal) {
    case 'IMPRISONMENT':
      if (s.life !== true) needs('custodialTermMonths', 'is required for IMPRISONMENT unless life is true');
      if (s.life === true && s.custodialTermMonths !== undefined)
        errors.push({ path: 'sentence.custodialTermMonths', message: 'is not allowed with life: true' });
      forbids(['restrictionOrder', 'dischargeMonths']);
      break;
    case 'SUSPENDED_SENTENCE':
      needs('custodialTermMonths', 'is required for SUSPENDED_SENTENCE (the suspended term)');
      forbids(['life', 'restrictionOrder', 'dischargeMonths']);
      break;
    case 'HOSPITAL_ORDER':
      needs('restrictionOrder', 'is required for HOSPITAL_ORDER');
      forbids(['custodialTermMonths', 'life', 'dischargeMonths']);
      break;
    case 'CONDITIONAL_DISCHARGE':
      needs('dischargeMonths', 'is required for CONDITIONAL_DISCHARGE');
      forbids(['custodialTermMonths', 'life', 'restrictionOrder']);
      break;
    default:
      forbids(['custodialTermMonths', 'life', 'restrictionOrder', 'dischargeMonths']);
  }
  return errors;
}

/** Rules on an order's terms, whatever the message type. */
function orderTermsErrors(o: OrderDto, path: string): FieldError[] {
  const errors: FieldError[] = [];
  const d = o.duration ?? {};
  const forms = [d.years !== undefined, d.until !== undefined, d.indefinite !== undefined].filter(Boolean).length;
  if (forms !== 1)
    errors.push({ path: `${path}.duration`, message: 'must have exactly one of years, until or indefinite' });
  errors.push(...notBeforeMadeOn(o, d.until, `${path}.duration.until`));
  return errors;
}

/** Which of variedOn and dischargedOn the message type needs or forbids. */
function orderChangeErrors(o: OrderDto, path: string, messageType: CourtOutcomeDto['messageType']): FieldError[] {
  const errors: FieldError[] = [];
  if (messageType === 'ORDER_VARIED' && !o.variedOn)
    errors.push({ path: `${path}.variedOn`, message: 'is required for ORDER_VARIED' });
  if (messageType === 'ORDER_DISCHARGED' && !o.dischargedOn)
    errors.push({ path: `${path}.dischargedOn`, message: 'is required for ORDER_DISCHARGED' });
  if (messageType !== 'ORDER_VARIED' && o.variedOn)
    errors.push({ path: `${path}.variedOn`, message: `is not allowed for ${messageType}` });
  if (messageType !== 'ORDER_DISCHARGED' && o.dischargedOn)
    errors.push({ path: `${path}.dischargedOn`, message: `is not allowed for ${messageType}` });
  errors.push(...notBeforeMadeOn(o, o.variedOn, `${path}.variedOn`));
  errors.push(...notBeforeMadeOn(o, o.dischargedOn, `${path}.dischargedOn`));
  return errors;
}

function notBeforeMadeOn(o: OrderDto, value: string | undefined, path: string): FieldError[] {
  if (value && isCivilDate(value) && isCivilDate(o.madeOn) && compareCivilDates(value, o.madeOn) < 0)
    return [{ path, message: 'must not be before madeOn' }];
  return [];
}
