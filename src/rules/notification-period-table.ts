import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { PERIOD_DISPOSALS, type PeriodDisposal } from '../canonical/disposals';

/** How long notification requirements last: for life, a fixed period, or none at all. */
export type NotificationPeriod =
  { kind: 'INDEFINITE' } | { kind: 'FIXED'; years: number; months: number } | { kind: 'NONE' };

/** The file, under the reference-data directory, that holds the s.82 table. */
export const NOTIFICATION_PERIODS_FILE = 'notification-periods.yaml';

/** Bounds on the custodial term in months; each bound states whether it is inclusive. */
export interface MonthsCondition {
  min?: number;
  minInclusive?: boolean;
  max?: number;
  maxInclusive?: boolean;
}

/** A period as the table writes it: DISCHARGE_PERIOD is resolved from the discharge's length. */
export type TablePeriod = NotificationPeriod | { kind: 'DISCHARGE_PERIOD' };

export interface NotificationPeriodRow {
  disposal: PeriodDisposal;
  /** true: only a life sentence matches; absent or false: a life sentence never matches. */
  life?: boolean;
  restrictionOrder?: boolean;
  custodialTermMonths?: MonthsCondition;
  adult: TablePeriod;
  under18: TablePeriod;
}

export interface NotificationPeriodTable {
  source?: string;
  rows: readonly NotificationPeriodRow[];
  reviewEligibility: { adultYears: number; juvenileYears: number };
}

class TableError extends Error {
  constructor(fileName: string, field: string, reason: string) {
    super(`Invalid reference data in ${fileName}: ${field}: ${reason}`);
    this.name = 'NotificationPeriodTableError';
  }
}

type Fail = (field: string, reason: string) => never;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

// Unknown keys are refused so a misspelt condition cannot silently widen a row.
function checkKeys(obj: Record<string, unknown>, allowed: readonly string[], field: string, fail: Fail): void {
  for (const key of Object.keys(obj)) {
    if (!allowed.includes(key)) fail(field ? `${field}.${key}` : key, `unknown field (allowed: ${allowed.join(', ')})`);
  }
}

const ISO_YEARS_MONTHS = /^P(?:(\d+)Y)?(?:(\d+)M)?$/;

function parsePeriod(value: unknown, field: string, fail: Fail): TablePeriod {
  if (typeof value !== 'string')
    fail(field, 'must be a string such as P10Y, P3Y6M, INDEFINITE, NONE or DISCHARGE_PERIOD');
  if (value === 'INDEFINITE' || value === 'NONE' || value === 'DISCHARGE_PERIOD') return { kind: value };
  const m = ISO_YEARS_MONTHS.exec(value);
  if (!m || (m[1] === undefined && m[2] === undefined)) {
    fail(
      field,
      `'${value}' is not an ISO 8601 duration in years and months (P10Y, P3Y6M), INDEFINITE, NONE or DISCHARGE_PERIOD`,
    );
  }
  const years = Number(m[1] ?? 0);
  const months = Number(m[2] ?? 0);
  if (years === 0 && months === 0) fail(field, `'${value}' is a zero-length period; use NONE`);
  return { kind: 'FIXED', years, months };
}

function optionalBoolean(row: Record<string, unknown>, key: string, field: string, fail: Fail): boolean | undefined {
  const v = row[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'boolean') fail(`${field}.${key}`, 'must be true or false');
  return v;
}

function parseMonthsCondition(value: unknown, field: string, fail: Fail): MonthsCondition {
  if (!isPlainObject(value)) fail(field, 'must be a mapping with min/minInclusive and/or max/maxInclusive');
  checkKeys(value, ['min', 'minInclusive', 'max', 'maxInclusive'], field, fail);
  const condition: MonthsCondition = {};
  for (const bound of ['min', 'max'] as const) {
    const n = value[bound];
    const inclusive = value[`${bound}Inclusive`];
    if (n === undefined) {
      if (inclusive !== undefined) fail(`${field}.${bound}Inclusive`, `given without ${bound}`);
      continue;
    }
    if (typeof n !== 'number' || !Number.isFinite(n) || n < 0)
      fail(`${field}.${bound}`, 'must be a number of months, 0 or more');
    // The law turns on "or more" / "more than", so the table must say which it means.
    if (typeof inclusive !== 'boolean')
      fail(`${field}.${bound}Inclusive`, `must be true or false when ${bound} is given`);
    condition[bound] = n;
    condition[`${bound}Inclusive`] = inclusive;
  }
  if (condition.min === undefined && condition.max === undefined) fail(field, 'needs min or max');
  if (condition.min !== undefined && condition.max !== undefined && !rangesIntersect(condition, condition)) {
    fail(field, 'is an empty range (min must be below max)');
  }
  return condition;
}

interface Bound {
  value: number;
  inclusive: boolean;
}

// Two ranges of months intersect when the higher lower bound sits below the lower upper bound.
function rangesIntersect(a: MonthsCondition | undefined, b: MonthsCondition | undefined): boolean {
  const lower = (c: MonthsCondition | undefined): Bound =>
    c?.min === undefined
      ? { value: -Infinity, inclusive: false }
      : { value: c.min, inclusive: c.minInclusive === true };
  const upper = (c: MonthsCondition | undefined): Bound =>
    c?.max === undefined ? { value: Infinity, inclusive: false } : { value: c.max, inclusive: c.maxInclusive === true };
  const [la, lb, ua, ub] = [lower(a), lower(b), upper(a), upper(b)];
  const lo =
    la.value !== lb.value
      ? la.value > lb.value
        ? la
        : lb
      : { value: la.value, inclusive: la.inclusive && lb.inclusive };
  const hi =
    ua.value !== ub.value
      ? ua.value < ub.value
        ? ua
        : ub
      : { value: ua.value, inclusive: ua.inclusive && ub.inclusive };
  return lo.value < hi.value || (lo.value === hi.value && lo.inclusive && hi.inclusive);
}

function rowsOverlap(a: NotificationPeriodRow, b: NotificationPeriodRow): boolean {
  if (a.disposal !== b.disposal) return false;
  if ((a.life === true) !== (b.life === true)) return false;
  if (
    a.restrictionOrder !== undefined &&
    b.restrictionOrder !== undefined &&
    a.restrictionOrder !== b.restrictionOrder
  ) {
    return false;
  }
  return rangesIntersect(a.custodialTermMonths, b.custodialTermMonths);
}

function parseRow(value: unknown, field: string, fail: Fail): NotificationPeriodRow {
  if (!isPlainObject(value)) fail(field, 'must be a mapping');
  checkKeys(value, ['disposal', 'life', 'restrictionOrder', 'custodialTermMonths', 'adult', 'under18'], field, fail);
  const disposal = value.disposal;
  if (typeof disposal !== 'string' || !(PERIOD_DISPOSALS as readonly string[]).includes(disposal)) {
    fail(`${field}.disposal`, `'${String(disposal)}' is not one of ${PERIOD_DISPOSALS.join(', ')}`);
  }
  const row: NotificationPeriodRow = {
    disposal: disposal as PeriodDisposal,
    adult: parsePeriod(value.adult, `${field}.adult`, fail),
    under18: parsePeriod(value.under18, `${field}.under18`, fail),
  };
  const life = optionalBoolean(value, 'life', field, fail);
  if (life !== undefined) row.life = life;
  const restrictionOrder = optionalBoolean(value, 'restrictionOrder', field, fail);
  if (restrictionOrder !== undefined) row.restrictionOrder = restrictionOrder;
  if (value.custodialTermMonths !== undefined) {
    if (life === true) fail(`${field}.custodialTermMonths`, 'cannot be combined with life: true');
    row.custodialTermMonths = parseMonthsCondition(value.custodialTermMonths, `${field}.custodialTermMonths`, fail);
  }
  return row;
}

function positiveInteger(obj: Record<string, unknown>, key: string, field: string, fail: Fail): number {
  const v = obj[key];
  if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0)
    fail(`${field}.${key}`, 'must be a whole number of years, 1 or more');
  return v;
}

/** Checks parsed YAML/JSON against the table's shape and the rules that keep lookups unambiguous. */
export function validateNotificationPeriodTable(data: unknown, fileName: string): NotificationPeriodTable {
  const fail: Fail = (field, reason) => {
    throw new TableError(fileName, field, reason);
  };
  if (!isPlainObject(data)) fail('(root)', 'must be a mapping with rows and reviewEligibility');
  checkKeys(data, ['source', 'rows', 'reviewEligibility'], '', fail);
  if (data.source !== undefined && typeof data.source !== 'string') fail('source', 'must be a string');
  if (!Array.isArray(data.rows) || data.rows.length === 0) fail('rows', 'must be a non-empty list');
  const rows = data.rows.map((r, i) => parseRow(r, `rows[${i}]`, fail));

  rows.forEach((row, i) => {
    const j = rows.findIndex((other, k) => k < i && rowsOverlap(other, row));
    if (j >= 0) fail(`rows[${i}]`, `overlaps rows[${j}] for ${row.disposal}: a case would match both`);
  });
  // Every disposal the courts send must find a period, or a sentence could not be registered.
  for (const disposal of PERIOD_DISPOSALS) {
    if (!rows.some((r) => r.disposal === disposal)) fail('rows', `no row for disposal ${disposal}`);
  }

  const review = data.reviewEligibility;
  if (!isPlainObject(review)) fail('reviewEligibility', 'must be a mapping with adultYears and juvenileYears');
  checkKeys(review, ['adultYears', 'juvenileYears'], 'reviewEligibility', fail);
  const table: NotificationPeriodTable = {
    rows,
    reviewEligibility: {
      adultYears: positiveInteger(review, 'adultYears', 'reviewEligibility', fail),
      juvenileYears: positiveInteger(review, 'juvenileYears', 'reviewEligibility', fail),
    },
  };
  if (data.source !== undefined) table.source = data.source;
  return table;
}

/** Parses and validates the table's YAML text; `fileName` is used in error messages. */
export function parseNotificationPeriodTable(text: string, fileName: string): NotificationPeriodTable {
  let data: unknown;
  try {
    data = parse(text);
  } catch (err) {
    throw new TableError(fileName, '(yaml)', err instanceof Error ? err.message : String(err));
  }
  return validateNotificationPeriodTable(data, fileName);
}

/** Reads `<referenceDir>/notification-periods.yaml`; throws (so the hub does not start) when it is missing or invalid. */
export function loadNotificationPeriodTable(referenceDir: string): NotificationPeriodTable {
  const fileName = join(referenceDir, NOTIFICATION_PERIODS_FILE);
  let text: string;
  try {
    text = readFileSync(fileName, 'utf8');
  } catch (err) {
    throw new TableError(fileName, '(file)', `cannot be read: ${err instanceof Error ? err.message : String(err)}`);
  }
  return parseNotificationPeriodTable(text, fileName);
}
