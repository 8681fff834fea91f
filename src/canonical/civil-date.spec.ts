import { describe, expect, it } from '@jest/globals';
import { addDays, addYearsAndMonths, ageOn, compareCivilDates, isCivilDate, todayInLondon } from './civil-date';

describe('isCivilDate', () => {
  it.each(['2024-02-29', '2026-01-01', '2026-12-31', '2000-02-29', '1999-04-30'])('accepts %s', (s) => {
    expect(isCivilDate(s)).toBe(true);
  });

  it.each([
    '2023-02-29', // not a leap year
    '1900-02-29', // century, not a leap year
    '2026-04-31',
    '2026-13-01',
    '2026-00-10',
    '2026-01-00',
    '2026-1-01',
    '26-01-01',
    '2026-01-01T00:00:00Z',
    ' 2026-01-01',
    '2026/01/01',
    '',
  ])('rejects %j', (s) => {
    expect(isCivilDate(s)).toBe(false);
  });
});

describe('addYearsAndMonths', () => {
  it('clamps to the last day of a shorter target month', () => {
    expect(addYearsAndMonths('2026-08-31', 3, 6)).toBe('2030-02-28');
    expect(addYearsAndMonths('2026-01-31', 0, 1)).toBe('2026-02-28');
    expect(addYearsAndMonths('2027-10-31', 0, 4)).toBe('2028-02-29');
    expect(addYearsAndMonths('2026-03-31', 0, 1)).toBe('2026-04-30');
  });

  it('moves 29 February to 28 February in a non-leap year and keeps it in a leap year', () => {
    expect(addYearsAndMonths('2024-02-29', 1, 0)).toBe('2025-02-28');
    expect(addYearsAndMonths('2024-02-29', 4, 0)).toBe('2028-02-29');
  });

  it('carries months over the year end and accepts negative figures', () => {
    expect(addYearsAndMonths('2026-11-15', 0, 3)).toBe('2027-02-15');
    expect(addYearsAndMonths('2026-01-15', 0, -1)).toBe('2025-12-15');
    expect(addYearsAndMonths('2026-05-31', -1, -3)).toBe('2025-02-28');
    expect(addYearsAndMonths('2026-09-30', 15, 0)).toBe('2041-09-30');
  });

  it('refuses fractional figures and invalid dates', () => {
    expect(() => addYearsAndMonths('2026-01-01', 1.5, 0)).toThrow(RangeError);
    expect(() => addYearsAndMonths('2026-02-30', 1, 0)).toThrow(/not a civil date/);
  });
});

describe('addDays', () => {
  it('adds and subtracts across month, year and leap-day boundaries', () => {
    expect(addDays('2030-02-28', -1)).toBe('2030-02-27');
    expect(addDays('2031-11-02', -1)).toBe('2031-11-01');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2023-02-28', 1)).toBe('2023-03-01');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2027-01-01', -1)).toBe('2026-12-31');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(addDays('2026-01-01', 365)).toBe('2027-01-01');
    expect(addDays('2024-01-01', 366)).toBe('2025-01-01');
    expect(addDays('2026-05-26', 0)).toBe('2026-05-26');
  });

  it('agrees with a day-by-day walk over a full 400-year cycle', () => {
    // UTC Date arithmetic is exact for whole days, so it serves as an independent reference.
    const start = Date.UTC(1899, 11, 25);
    const mismatches: string[] = [];
    for (let i = -3; i < 146_097 + 10; i += 1) {
      const expected = new Date(start + i * 86_400_000).toISOString().slice(0, 10);
      const actual = addDays('1899-12-25', i);
      if (actual !== expected) mismatches.push(`${i}: ${actual} != ${expected}`);
    }
    expect(mismatches.slice(0, 5)).toEqual([]);
    expect(addDays('1899-12-25', 146_097 + 10)).toBe('2300-01-04');
  });

  it('refuses fractional day counts', () => {
    expect(() => addDays('2026-01-01', 0.5)).toThrow(RangeError);
  });
});

describe('compareCivilDates', () => {
  it('orders dates', () => {
    expect(compareCivilDates('2026-01-01', '2026-01-02')).toBeLessThan(0);
    expect(compareCivilDates('2026-01-02', '2026-01-01')).toBeGreaterThan(0);
    expect(compareCivilDates('2026-01-01', '2026-01-01')).toBe(0);
    expect(['2027-01-01', '2025-12-31', '2026-06-30'].sort(compareCivilDates)).toEqual([
      '2025-12-31',
      '2026-06-30',
      '2027-01-01',
    ]);
  });

  it('refuses invalid dates', () => {
    expect(() => compareCivilDates('2026-02-30', '2026-01-01')).toThrow(RangeError);
  });
});

describe('ageOn', () => {
  it('counts the birthday itself as attained', () => {
    expect(ageOn('2008-10-14', '2026-10-14')).toBe(18);
    expect(ageOn('2008-10-14', '2026-10-13')).toBe(17);
    expect(ageOn('2008-10-14', '2026-10-15')).toBe(18);
  });

  it('gives a 29 February birthday effect on 1 March in a non-leap year', () => {
    expect(ageOn('2008-02-29', '2026-02-28')).toBe(17);
    expect(ageOn('2008-02-29', '2026-03-01')).toBe(18);
    expect(ageOn('2008-02-29', '2028-02-29')).toBe(20);
    expect(ageOn('2008-02-29', '2028-02-28')).toBe(19);
  });

  it('is 0 on the day of birth and refuses a date before birth', () => {
    expect(ageOn('2026-05-01', '2026-05-01')).toBe(0);
    expect(() => ageOn('2026-05-01', '2026-04-30')).toThrow(RangeError);
  });
});

describe('todayInLondon', () => {
  it('uses GMT in winter', () => {
    expect(todayInLondon(new Date('2026-01-15T23:59:59Z'))).toBe('2026-01-15');
    expect(todayInLondon(new Date('2026-12-31T23:30:00Z'))).toBe('2026-12-31');
  });

  it('uses BST in summer: late evening UTC is already tomorrow in London', () => {
    expect(todayInLondon(new Date('2026-07-01T22:59:59Z'))).toBe('2026-07-01');
    expect(todayInLondon(new Date('2026-07-01T23:00:00Z'))).toBe('2026-07-02');
  });

  it('follows the clock changes', () => {
    // BST starts 2026-03-29 01:00 UTC and ends 2026-10-25 01:00 UTC.
    expect(todayInLondon(new Date('2026-03-28T23:30:00Z'))).toBe('2026-03-28');
    expect(todayInLondon(new Date('2026-10-24T23:30:00Z'))).toBe('2026-10-25');
  });

  it('defaults to now', () => {
    expect(isCivilDate(todayInLondon())).toBe(true);
  });
});
