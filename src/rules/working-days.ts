import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { addDays, compareCivilDates, dayOfWeek, isCivilDate, type CivilDate } from '../canonical/civil-date';

export const BANK_HOLIDAYS_FILE = 'bank-holidays.yaml';

/** Raised rather than guessing when a working-day count runs past the reference data. */
export class OutsideBankHolidayCalendar extends Error {
  constructor(date: CivilDate, covers: { from: CivilDate; to: CivilDate }) {
    super(
      `${date} is outside the bank holiday reference data (${covers.from} to ${covers.to}); add the year to ${BANK_HOLIDAYS_FILE}`,
    );
  }
}

/**
 * England and Wales working days: Monday to Friday, less the bank holidays in reference data.
 * Only dates inside the data's `covers` range can be counted.
 */
export class WorkingDayCalendar {
  private readonly holidays: Set<CivilDate>;

  constructor(
    holidays: CivilDate[],
    readonly covers: { from: CivilDate; to: CivilDate },
  ) {
    this.holidays = new Set(holidays);
  }

  isWorkingDay(date: CivilDate): boolean {
    this.assertCovered(date);
    return dayOfWeek(date) <= 5 && !this.holidays.has(date);
  }

  /** The `n`th working day after `date` (n ≥ 1); `date` itself never counts. */
  addWorkingDays(date: CivilDate, n: number): CivilDate {
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`n must be a whole number of at least 1: ${n}`);
    let day = date;
    for (let counted = 0; counted < n;) {
      day = addDays(day, 1);
      if (this.isWorkingDay(day)) counted += 1;
    }
    return day;
  }

  private assertCovered(date: CivilDate): void {
    if (compareCivilDates(date, this.covers.from) < 0 || compareCivilDates(date, this.covers.to) > 0)
      throw new OutsideBankHolidayCalendar(date, this.covers);
  }
}

/** Loads and validates the bank holidays; a bad file stops the hub, naming file, field and reason. */
export function loadWorkingDayCalendar(referenceDir: string): WorkingDayCalendar {
  const file = join(referenceDir, BANK_HOLIDAYS_FILE);
  const fail = (field: string, reason: string): never => {
    throw new Error(`Invalid reference data in ${file}: ${field}: ${reason}`);
  };
  // YAML reads unquoted dates as Date objects; accept both.
  const asDate = (v: unknown, field: string): CivilDate => {
    const text = v instanceof Date ? v.toISOString().slice(0, 10) : v;
    if (typeof text !== 'string' || !isCivilDate(text)) fail(field, 'must be a date YYYY-MM-DD');
    return text as CivilDate;
  };
  const raw = parse(readFileSync(file, 'utf8')) as Record<string, any>;
  if (!raw || typeof raw !== 'object') fail('(file)', 'must be a mapping');
  const covers = { from: asDate(raw.covers?.from, 'covers.from'), to: asDate(raw.covers?.to, 'covers.to') };
  if (compareCivilDates(covers.from, covers.to) > 0) fail('covers', 'from is after to');
  if (!Array.isArray(raw.dates) || raw.dates.length === 0) fail('dates', 'must be a non-empty list');
  const dates = (raw.dates as unknown[]).map((entry, i) => {
    const date = asDate((entry as { date?: unknown })?.date, `dates[${i}].date`);
    if (compareCivilDates(date, covers.from) < 0 || compareCivilDates(date, covers.to) > 0)
      fail(`dates[${i}].date`, `${date} is outside covers`);
    if (dayOfWeek(date) > 5)
      fail(
        `dates[${i}].date`,
        `${date} is a weekend day; a bank holiday that falls on one moves to a substitute weekday`,
      );
    return date;
  });
  return new WorkingDayCalendar(dates, covers);
}
