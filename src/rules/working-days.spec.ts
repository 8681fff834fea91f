import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dayOfWeek } from '../canonical/civil-date';
import { loadWorkingDayCalendar, OutsideBankHolidayCalendar } from './working-days';

const calendar = loadWorkingDayCalendar('config/reference');

describe('dayOfWeek', () => {
  it.each([
    ['1970-01-01', 4],
    ['2026-11-23', 1],
    ['2026-12-25', 5],
    ['2024-02-29', 4],
    ['2000-01-01', 6],
  ])('%s is ISO weekday %i', (date, expected) => expect(dayOfWeek(date)).toBe(expected));
});

describe('England and Wales working days', () => {
  it('skips the weekend', () => {
    expect(calendar.addWorkingDays('2026-11-20', 1)).toBe('2026-11-23'); // Friday -> Monday
    expect(calendar.addWorkingDays('2026-11-23', 5)).toBe('2026-11-30');
  });

  it('skips Christmas, the Boxing Day substitute and New Year', () => {
    // Thu 24 Dec 2026; Fri 25 and Mon 28 are bank holidays; Tue 29 is the first working day.
    expect(calendar.addWorkingDays('2026-12-24', 1)).toBe('2026-12-29');
    expect(calendar.addWorkingDays('2026-12-24', 5)).toBe('2027-01-05'); // 29, 30, 31, (1 Jan holiday) 4, 5
  });

  it('skips Good Friday and Easter Monday', () => {
    expect(calendar.addWorkingDays('2026-04-02', 1)).toBe('2026-04-07');
  });

  it('counts a leap day as an ordinary working day', () => {
    expect(calendar.isWorkingDay('2028-02-29')).toBe(true);
    expect(calendar.addWorkingDays('2028-02-28', 1)).toBe('2028-02-29');
  });

  it('refuses to guess beyond the reference data', () => {
    expect(() => calendar.addWorkingDays('2030-12-30', 5)).toThrow(OutsideBankHolidayCalendar);
  });

  it('refuses reference data with a bank holiday on a weekend, naming the field', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bank-holidays-'));
    writeFileSync(
      join(dir, 'bank-holidays.yaml'),
      'covers: { from: 2026-01-01, to: 2026-12-31 }\ndates:\n  - { date: 2026-12-26 }\n',
    );
    expect(() => loadWorkingDayCalendar(dir)).toThrow(/dates\[0\]\.date: 2026-12-26 is a weekend day/);
  });
});
