/**
 * Notification periods under the Sexual Offences Act 2003 s.82. The figures live in
 * config/reference/notification-periods.yaml (see notification-period-table.ts); this file
 * only looks them up and does the date arithmetic.
 */
import { addDays, addYearsAndMonths, ageOn, type CivilDate } from '../canonical/civil-date';
import type { PeriodDisposal } from '../canonical/disposals';
import type {
  MonthsCondition,
  NotificationPeriod,
  NotificationPeriodRow,
  NotificationPeriodTable,
} from './notification-period-table';

export interface DisposalFacts {
  disposal: PeriodDisposal;
  custodialTermMonths?: number;
  life?: boolean;
  restrictionOrder?: boolean;
  dischargeMonths?: number;
}

export type { NotificationPeriod };

// Periods are compared and printed as whole months so P18M and P1Y6M are the same period.
function totalMonths(p: { years: number; months: number }): number {
  return p.years * 12 + p.months;
}

function fixed(months: number): NotificationPeriod {
  return { kind: 'FIXED', years: Math.floor(months / 12), months: months % 12 };
}

function withinMonths(n: number, c: MonthsCondition): boolean {
  if (c.min !== undefined && (c.minInclusive ? n < c.min : n <= c.min)) return false;
  if (c.max !== undefined && (c.maxInclusive ? n > c.max : n >= c.max)) return false;
  return true;
}

function rowMatches(row: NotificationPeriodRow, facts: DisposalFacts): boolean {
  if (row.disposal !== facts.disposal) return false;
  // A life sentence has no term in months, so only a row written for life can match it.
  if ((row.life === true) !== (facts.life === true)) return false;
  if (row.restrictionOrder !== undefined && facts.restrictionOrder !== row.restrictionOrder) return false;
  if (row.custodialTermMonths !== undefined) {
    if (facts.custodialTermMonths === undefined) return false;
    return withinMonths(facts.custodialTermMonths, row.custodialTermMonths);
  }
  return true;
}

/**
 * The period for one disposal, using the under-18 column when `juvenile` (age on the
 * conviction or caution date). Throws when the facts lack the figures the table needs.
 */
export function notificationPeriodFor(
  table: NotificationPeriodTable,
  facts: DisposalFacts,
  juvenile: boolean,
): NotificationPeriod {
  const term = facts.custodialTermMonths;
  if (term !== undefined && (typeof term !== 'number' || !Number.isFinite(term) || term < 0)) {
    throw new RangeError(`custodialTermMonths must be a number of months, 0 or more: ${String(term)}`);
  }
  const matches = table.rows.filter((row) => rowMatches(row, facts));
  if (matches.length === 0) {
    throw new Error(
      `No notification period applies to ${JSON.stringify(facts)}: the figures that go with ${facts.disposal} are missing or out of range`,
    );
  }
  if (matches.length > 1) {
    throw new Error(`The notification period table has ${matches.length} rows for ${JSON.stringify(facts)}`);
  }
  const period = juvenile ? matches[0].under18 : matches[0].adult;
  switch (period.kind) {
    case 'INDEFINITE':
    case 'NONE':
      return { kind: period.kind };
    case 'FIXED':
      return fixed(totalMonths(period));
    case 'DISCHARGE_PERIOD': {
      const months = facts.dischargeMonths;
      if (typeof months !== 'number' || !Number.isInteger(months) || months <= 0) {
        throw new RangeError(`dischargeMonths must be a whole number of months, 1 or more: ${String(months)}`);
      }
      return fixed(months);
    }
  }
}

/** The period that applies when one hearing gives several notifiable convictions. */
export function longestPeriod(periods: NotificationPeriod[]): NotificationPeriod {
  let longest: NotificationPeriod = { kind: 'NONE' };
  for (const p of periods) {
    if (longest.kind === 'INDEFINITE') break;
    if (p.kind === 'INDEFINITE') longest = p;
    else if (p.kind === 'FIXED' && (longest.kind === 'NONE' || totalMonths(p) > totalMonths(longest))) longest = p;
  }
  return longest;
}

/** 'INDEFINITE', 'NONE', or an ISO 8601 duration with months below 12 (18 months → 'P1Y6M'). */
export function periodToIso(p: NotificationPeriod): string {
  if (p.kind !== 'FIXED') return p.kind;
  const total = totalMonths(p);
  if (total === 0) return 'P0M';
  const years = Math.floor(total / 12);
  const months = total % 12;
  return `P${years ? `${years}Y` : ''}${months ? `${months}M` : ''}`;
}

/**
 * The last day the requirements apply. The period begins with (includes) the start date,
 * so it ends the day before the same date after the period. Null when indefinite.
 */
export function registrationEndDate(start: CivilDate, p: NotificationPeriod): CivilDate | null {
  if (p.kind === 'INDEFINITE') return null;
  // NONE means no requirements at all; returning null would read as "indefinite".
  if (p.kind === 'NONE') throw new RangeError('A NONE period has no registration and so no end date');
  return addDays(addYearsAndMonths(start, p.years, p.months), -1);
}

/** Under 18 on the conviction date; someone whose 18th birthday it is counts as an adult. */
export function isJuvenileOn(dateOfBirth: CivilDate, convictionDate: CivilDate): boolean {
  return ageOn(dateOfBirth, convictionDate) < 18;
}

/** Provisional date an indefinite requirement may be reviewed: start + 15 years (8 if juvenile). */
export function reviewEligibleFrom(table: NotificationPeriodTable, start: CivilDate, juvenile: boolean): CivilDate {
  const { adultYears, juvenileYears } = table.reviewEligibility;
  return addYearsAndMonths(start, juvenile ? juvenileYears : adultYears, 0);
}
