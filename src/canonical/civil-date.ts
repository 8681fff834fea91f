/**
 * Civil dates in England: ISO `YYYY-MM-DD` strings with no time of day and no time zone.
 * Statutory periods are counted in calendar days, months and years, so everything here is
 * integer arithmetic on (year, month, day); JS Date is used only to read "now" in London.
 */

export type CivilDate = string;

interface Ymd {
  year: number;
  month: number; // 1..12
  day: number; // 1..31
}

const CIVIL_DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function tryParse(s: string): Ymd | null {
  const m = CIVIL_DATE_PATTERN.exec(s);
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12) return null;
  if (day < 1 || day > daysInMonth(year, month)) return null;
  return { year, month, day };
}

// Callers pass dates that were validated at the boundary; a bad one here is a programming error.
function parse(s: CivilDate, name = 'date'): Ymd {
  const ymd = typeof s === 'string' ? tryParse(s) : null;
  if (!ymd) throw new RangeError(`${name} is not a civil date (YYYY-MM-DD): ${String(s)}`);
  return ymd;
}

function format({ year, month, day }: Ymd): CivilDate {
  if (year < 0 || year > 9999) throw new RangeError(`year ${year} is outside 0000-9999`);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function assertInteger(n: number, name: string): void {
  if (!Number.isInteger(n)) throw new RangeError(`${name} must be a whole number: ${n}`);
}

/** True when `s` is exactly `YYYY-MM-DD` and names a day that exists. */
export function isCivilDate(s: string): boolean {
  return typeof s === 'string' && tryParse(s) !== null;
}

/**
 * Adds whole years and months; where the day does not exist in the target month the last
 * day of that month is used (2026-08-31 + 3y6m → 2030-02-28), as the statutory periods require.
 */
export function addYearsAndMonths(date: CivilDate, years: number, months: number): CivilDate {
  assertInteger(years, 'years');
  assertInteger(months, 'months');
  const { year, month, day } = parse(date);
  const monthIndex = year * 12 + (month - 1) + years * 12 + months;
  const targetYear = Math.floor(monthIndex / 12);
  const targetMonth = monthIndex - targetYear * 12 + 1;
  return format({ year: targetYear, month: targetMonth, day: Math.min(day, daysInMonth(targetYear, targetMonth)) });
}

// Days since 1970-01-01 in the proleptic Gregorian calendar (H. Hinnant's days_from_civil).
function toDayNumber({ year, month, day }: Ymd): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function fromDayNumber(n: number): Ymd {
  const z = n + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return { year, month, day };
}

/** Adds `n` calendar days (negative moves back). */
export function addDays(date: CivilDate, n: number): CivilDate {
  assertInteger(n, 'n');
  return format(fromDayNumber(toDayNumber(parse(date)) + n));
}

/** ISO day of the week: 1 Monday ... 7 Sunday (1970-01-01 was a Thursday). */
export function dayOfWeek(date: CivilDate): number {
  return ((((toDayNumber(parse(date)) + 3) % 7) + 7) % 7) + 1;
}

/** Whole days from `a` to `b` (positive when b is later). */
export function daysBetween(a: CivilDate, b: CivilDate): number {
  return toDayNumber(parse(b, 'b')) - toDayNumber(parse(a, 'a'));
}

/** Negative when a is earlier, 0 when equal, positive when a is later (usable with Array.sort). */
export function compareCivilDates(a: CivilDate, b: CivilDate): number {
  const da = toDayNumber(parse(a, 'a'));
  const db = toDayNumber(parse(b, 'b'));
  return da < db ? -1 : da > db ? 1 : 0;
}

/**
 * Age in whole years on `onDate`. Comparing (month, day) pairs makes a 29 February birthday
 * fall on 1 March in a non-leap year, and a birthday on `onDate` counts as attained.
 */
export function ageOn(dateOfBirth: CivilDate, onDate: CivilDate): number {
  const born = parse(dateOfBirth, 'dateOfBirth');
  const on = parse(onDate, 'onDate');
  if (compareCivilDates(onDate, dateOfBirth) < 0) {
    throw new RangeError(`onDate ${onDate} is before dateOfBirth ${dateOfBirth}`);
  }
  const birthdayReached = on.month > born.month || (on.month === born.month && on.day >= born.day);
  return on.year - born.year - (birthdayReached ? 0 : 1);
}

const londonDateFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The civil date in England at an instant (GMT/BST handled by the Europe/London zone). */
export function todayInLondon(now: Date = new Date()): CivilDate {
  const parts = londonDateFormat.formatToParts(now);
  const part = (type: Intl.DateTimeFormatPartTypes): number => Number(parts.find((p) => p.type === type)?.value);
  return format({ year: part('year'), month: part('month'), day: part('day') });
}
