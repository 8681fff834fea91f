import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ageOn } from '../canonical/civil-date';
import type { Conviction, SubjectRecord } from '../canonical/subject-record';

export const SCHEDULE_3_FILE = 'schedule-3-offences.yaml';
const ADULT_ALTERNATIVES = ['VICTIM_UNDER_18', 'CUSTODY_OR_HOSPITAL', 'COMMUNITY_12_MONTHS'] as const;

export interface Schedule3Offence {
  offenceCode: string;
  section: string;
  title: string;
  offenderUnder18MinCustodialMonths?: number;
  adultRequires?: (typeof ADULT_ALTERNATIVES)[number][];
}

/** A data-quality flag: something a person should look at, never a change to the record. */
export interface DataQualityFlag {
  kind: 'SCHEDULE_3_WITHOUT_CERTIFICATE';
  ref: string;
  detail: string;
}

export function loadSchedule3(referenceDir: string): Map<string, Schedule3Offence> {
  const file = join(referenceDir, SCHEDULE_3_FILE);
  const fail = (field: string, reason: string): never => {
    throw new Error(`Invalid reference data in ${file}: ${field}: ${reason}`);
  };
  const raw = parse(readFileSync(file, 'utf8')) as { offences?: Record<string, unknown>[] };
  if (!Array.isArray(raw?.offences) || !raw.offences.length) fail('offences', 'must be a non-empty list');
  const out = new Map<string, Schedule3Offence>();
  raw.offences!.forEach((o, i) => {
    if (typeof o.offenceCode !== 'string' || !/^[A-Z]{2}\d{5}[A-Z0-9]?$/.test(o.offenceCode))
      fail(`offences[${i}].offenceCode`, 'must be a CJS offence code');
    if (out.has(o.offenceCode as string)) fail(`offences[${i}].offenceCode`, `${o.offenceCode} is listed twice`);
    const months = o.offenderUnder18MinCustodialMonths;
    if (months !== undefined && (!Number.isInteger(months) || (months as number) < 1))
      fail(`offences[${i}].offenderUnder18MinCustodialMonths`, 'must be a whole number of months');
    const adult = o.adultRequires;
    if (
      adult !== undefined &&
      (!Array.isArray(adult) || !adult.every((a) => (ADULT_ALTERNATIVES as readonly string[]).includes(a)))
    )
      fail(`offences[${i}].adultRequires`, `must be a list drawn from ${ADULT_ALTERNATIVES.join(', ')}`);
    out.set(o.offenceCode as string, o as unknown as Schedule3Offence);
  });
  return out;
}

/**
 * Convictions for a Schedule 3 offence that arrived without a notification certificate where
 * the thresholds are met or cannot be evaluated: worth a person checking with the court.
 */
export function schedule3Flags(record: SubjectRecord, schedule: Map<string, Schedule3Offence>): DataQualityFlag[] {
  return record.convictions
    .filter((c) => !c.notificationCertificate && schedule.has(c.offenceCode))
    .filter((c) => thresholdsMetOrUnknown(c, schedule.get(c.offenceCode)!, record.dateOfBirth?.value ?? null))
    .map((c) => ({
      kind: 'SCHEDULE_3_WITHOUT_CERTIFICATE' as const,
      ref: c.convictionId,
      detail: `${c.offenceCode} (${schedule.get(c.offenceCode)!.section} ${schedule.get(c.offenceCode)!.title}) convicted ${c.convictionDate} without a notification certificate`,
    }));
}

function thresholdsMetOrUnknown(c: Conviction, offence: Schedule3Offence, dateOfBirth: string | null): boolean {
  if (!dateOfBirth || !c.sentence) return true;
  const under18 = ageOn(dateOfBirth, c.convictionDate) < 18;
  const custodial = ['IMPRISONMENT', 'SUSPENDED_SENTENCE'].includes(c.sentence.disposal);
  const months = c.sentence.life ? Infinity : (c.sentence.custodialTermMonths ?? 0);
  if (under18)
    return (
      offence.offenderUnder18MinCustodialMonths === undefined ||
      (custodial && months >= offence.offenderUnder18MinCustodialMonths)
    );
  if (!offence.adultRequires) return true;
  return offence.adultRequires.some((need) => {
    if (need === 'CUSTODY_OR_HOSPITAL') return custodial || c.sentence!.disposal === 'HOSPITAL_ORDER';
    if (need === 'COMMUNITY_12_MONTHS') return c.sentence!.disposal === 'COMMUNITY_ORDER'; // length not carried by the court message: cannot rule it out
    return true; // VICTIM_UNDER_18: the victim's age never reaches the hub, so it cannot be ruled out
  });
}
