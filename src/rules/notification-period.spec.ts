import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { PERIOD_DISPOSALS } from '../canonical/disposals';
import {
  isJuvenileOn,
  longestPeriod,
  notificationPeriodFor,
  periodToIso,
  registrationEndDate,
  reviewEligibleFrom,
  type DisposalFacts,
  type NotificationPeriod,
} from './notification-period';
import {
  loadNotificationPeriodTable,
  parseNotificationPeriodTable,
  validateNotificationPeriodTable,
} from './notification-period-table';

// The real reference data: these tests pin the law as configured.
const table = loadNotificationPeriodTable(join(process.cwd(), 'config', 'reference'));

const iso = (facts: DisposalFacts, juvenile: boolean): string =>
  periodToIso(notificationPeriodFor(table, facts, juvenile));
const P = (years: number, months = 0): NotificationPeriod => ({ kind: 'FIXED', years, months });
const INDEFINITE: NotificationPeriod = { kind: 'INDEFINITE' };
const NONE: NotificationPeriod = { kind: 'NONE' };

describe('notificationPeriodFor: every row of the s.82 table', () => {
  const cases: Array<[string, DisposalFacts, string, string]> = [
    ['life imprisonment', { disposal: 'IMPRISONMENT', life: true }, 'INDEFINITE', 'INDEFINITE'],
    [
      'imprisonment 30 months or more',
      { disposal: 'IMPRISONMENT', custodialTermMonths: 48 },
      'INDEFINITE',
      'INDEFINITE',
    ],
    [
      'imprisonment more than 6, less than 30 months',
      { disposal: 'IMPRISONMENT', custodialTermMonths: 18 },
      'P10Y',
      'P5Y',
    ],
    ['imprisonment 6 months or less', { disposal: 'IMPRISONMENT', custodialTermMonths: 4 }, 'P7Y', 'P3Y6M'],
    [
      'suspended sentence 30 months or more',
      { disposal: 'SUSPENDED_SENTENCE', custodialTermMonths: 30 },
      'INDEFINITE',
      'INDEFINITE',
    ],
    [
      'suspended sentence more than 6, less than 30 months',
      { disposal: 'SUSPENDED_SENTENCE', custodialTermMonths: 24 },
      'P10Y',
      'P5Y',
    ],
    ['suspended sentence 6 months or less', { disposal: 'SUSPENDED_SENTENCE', custodialTermMonths: 6 }, 'P7Y', 'P3Y6M'],
    [
      'hospital order with restriction order',
      { disposal: 'HOSPITAL_ORDER', restrictionOrder: true },
      'INDEFINITE',
      'INDEFINITE',
    ],
    [
      'hospital order without restriction order',
      { disposal: 'HOSPITAL_ORDER', restrictionOrder: false },
      'P7Y',
      'P3Y6M',
    ],
    ['community order', { disposal: 'COMMUNITY_ORDER' }, 'P5Y', 'P2Y6M'],
    ['youth rehabilitation order', { disposal: 'YOUTH_REHABILITATION_ORDER' }, 'P5Y', 'P2Y6M'],
    ['fine', { disposal: 'FINE' }, 'P5Y', 'P2Y6M'],
    ['conditional discharge of 2 years', { disposal: 'CONDITIONAL_DISCHARGE', dischargeMonths: 24 }, 'P2Y', 'P2Y'],
    ['absolute discharge', { disposal: 'ABSOLUTE_DISCHARGE' }, 'NONE', 'NONE'],
    ['caution', { disposal: 'CAUTION' }, 'P2Y', 'P1Y'],
  ];

  it.each(cases)('%s: adult %#', (_name, facts, adult) => {
    expect(iso(facts, false)).toBe(adult);
  });

  it.each(cases)('%s: under 18 %#', (_name, facts, _adult, under18) => {
    expect(iso(facts, true)).toBe(under18);
  });

  it('covers every row of the configured table', () => {
    const covered = table.rows.filter((row) =>
      cases.some(([, facts]) => {
        try {
          const p = notificationPeriodFor({ ...table, rows: [row] }, facts, false);
          return p !== undefined;
        } catch {
          return false;
        }
      }),
    );
    expect(covered).toHaveLength(table.rows.length);
  });
});

describe('notificationPeriodFor: boundaries', () => {
  it.each([
    [6, 'P7Y', 'P3Y6M'], // "6 months or less"
    [6.5, 'P10Y', 'P5Y'], // more than 6 months
    [29.9, 'P10Y', 'P5Y'], // less than 30 months
    [30, 'INDEFINITE', 'INDEFINITE'], // "30 months or more"
    [0, 'P7Y', 'P3Y6M'],
  ])('imprisonment for %p months: adult %s, under 18 %s', (months, adult, under18) => {
    for (const disposal of ['IMPRISONMENT', 'SUSPENDED_SENTENCE'] as const) {
      expect(iso({ disposal, custodialTermMonths: months }, false)).toBe(adult);
      expect(iso({ disposal, custodialTermMonths: months }, true)).toBe(under18);
    }
  });

  it('treats life as indefinite whatever term accompanies it', () => {
    expect(iso({ disposal: 'IMPRISONMENT', life: true, custodialTermMonths: 3 }, false)).toBe('INDEFINITE');
    expect(iso({ disposal: 'IMPRISONMENT', life: true }, true)).toBe('INDEFINITE');
  });

  it('gives the period of a conditional discharge, equal for adults and juveniles, normalised', () => {
    const facts: DisposalFacts = { disposal: 'CONDITIONAL_DISCHARGE', dischargeMonths: 18 };
    expect(notificationPeriodFor(table, facts, false)).toEqual(P(1, 6));
    expect(notificationPeriodFor(table, facts, true)).toEqual(P(1, 6));
    expect(iso({ disposal: 'CONDITIONAL_DISCHARGE', dischargeMonths: 6 }, true)).toBe('P6M');
  });

  it('refuses facts missing the figures their disposal needs', () => {
    expect(() => notificationPeriodFor(table, { disposal: 'IMPRISONMENT' }, false)).toThrow(
      /No notification period applies/,
    );
    expect(() => notificationPeriodFor(table, { disposal: 'HOSPITAL_ORDER' }, false)).toThrow(/HOSPITAL_ORDER/);
    expect(() => notificationPeriodFor(table, { disposal: 'CONDITIONAL_DISCHARGE' }, false)).toThrow(/dischargeMonths/);
    expect(() =>
      notificationPeriodFor(table, { disposal: 'CONDITIONAL_DISCHARGE', dischargeMonths: 1.5 }, false),
    ).toThrow(/dischargeMonths/);
    expect(() => notificationPeriodFor(table, { disposal: 'IMPRISONMENT', custodialTermMonths: -1 }, false)).toThrow(
      /custodialTermMonths/,
    );
    expect(() =>
      notificationPeriodFor(table, { disposal: 'IMPRISONMENT', custodialTermMonths: Number.NaN }, false),
    ).toThrow(/custodialTermMonths/);
  });

  it('refuses a hand-built table whose rows overlap', () => {
    const clash = { ...table, rows: [...table.rows, { disposal: 'FINE' as const, adult: P(1), under18: P(1) }] };
    expect(() => notificationPeriodFor(clash, { disposal: 'FINE' }, false)).toThrow(/2 rows/);
  });
});

describe('longestPeriod', () => {
  it('lets indefinite beat any fixed period', () => {
    expect(longestPeriod([P(10), INDEFINITE, P(7)])).toEqual(INDEFINITE);
  });

  it('picks the longest fixed period, comparing years and months together', () => {
    expect(longestPeriod([P(5), P(10), P(7)])).toEqual(P(10));
    expect(longestPeriod([P(3, 6), P(2, 6), P(3)])).toEqual(P(3, 6));
    expect(longestPeriod([P(0, 18), P(1, 5)])).toEqual(P(0, 18));
  });

  it('lets NONE lose, and gives NONE when nothing applies', () => {
    expect(longestPeriod([NONE, P(1)])).toEqual(P(1));
    expect(longestPeriod([NONE, NONE])).toEqual(NONE);
    expect(longestPeriod([])).toEqual(NONE);
  });
});

describe('periodToIso', () => {
  it('writes each kind of period', () => {
    expect(periodToIso(INDEFINITE)).toBe('INDEFINITE');
    expect(periodToIso(NONE)).toBe('NONE');
    expect(periodToIso(P(10))).toBe('P10Y');
    expect(periodToIso(P(3, 6))).toBe('P3Y6M');
    expect(periodToIso(P(2, 6))).toBe('P2Y6M');
    expect(periodToIso(P(0, 6))).toBe('P6M');
  });

  it('normalises months to below 12', () => {
    expect(periodToIso(P(0, 18))).toBe('P1Y6M');
    expect(periodToIso(P(0, 24))).toBe('P2Y');
    expect(periodToIso(P(1, 12))).toBe('P2Y');
  });
});

describe('registrationEndDate', () => {
  it('ends the day before the anniversary, because the period begins with the start date', () => {
    expect(registrationEndDate('2026-11-02', P(5))).toBe('2031-11-01');
    expect(registrationEndDate('2026-01-01', P(10))).toBe('2035-12-31');
  });

  it('clamps to the month end first, then steps back a day', () => {
    expect(registrationEndDate('2026-08-31', P(3, 6))).toBe('2030-02-27');
    expect(registrationEndDate('2026-08-31', P(2, 6))).toBe('2029-02-27');
    expect(registrationEndDate('2025-08-31', P(2, 6))).toBe('2028-02-28'); // 2028-02-29 exists
  });

  it('handles leap days as start dates and as anniversaries', () => {
    expect(registrationEndDate('2024-02-29', P(1))).toBe('2025-02-27');
    expect(registrationEndDate('2024-02-29', P(4))).toBe('2028-02-28');
    expect(registrationEndDate('2027-03-01', P(1))).toBe('2028-02-29');
  });

  it('is null for an indefinite period and refuses NONE', () => {
    expect(registrationEndDate('2026-11-02', INDEFINITE)).toBeNull();
    expect(() => registrationEndDate('2026-11-02', NONE)).toThrow(RangeError);
  });
});

describe('isJuvenileOn', () => {
  it('counts someone whose 18th birthday is the conviction date as an adult', () => {
    expect(isJuvenileOn('2008-10-14', '2026-10-14')).toBe(false);
  });

  it('counts someone convicted the day before the 18th birthday as under 18', () => {
    expect(isJuvenileOn('2008-10-14', '2026-10-13')).toBe(true);
  });

  it('gives a 29 February birthday effect on 1 March in a non-leap year', () => {
    expect(isJuvenileOn('2008-02-29', '2026-02-28')).toBe(true);
    expect(isJuvenileOn('2008-02-29', '2026-03-01')).toBe(false);
    expect(isJuvenileOn('2012-02-29', '2030-02-28')).toBe(true);
    expect(isJuvenileOn('2012-02-29', '2030-03-01')).toBe(false);
  });
});

describe('reviewEligibleFrom', () => {
  it('is start + 15 years for an adult and + 8 for a juvenile', () => {
    expect(reviewEligibleFrom(table, '2026-09-30', false)).toBe('2041-09-30');
    expect(reviewEligibleFrom(table, '2026-09-30', true)).toBe('2034-09-30');
  });

  it('uses the last day of February when the start is a leap day', () => {
    expect(reviewEligibleFrom(table, '2024-02-29', false)).toBe('2039-02-28');
    expect(reviewEligibleFrom(table, '2024-02-29', true)).toBe('2032-02-29');
  });
});

describe('notification period table', () => {
  it('loads the real reference data with every disposal covered', () => {
    expect(table.reviewEligibility).toEqual({ adultYears: 15, juvenileYears: 8 });
    for (const disposal of PERIOD_DISPOSALS) expect(table.rows.some((r) => r.disposal === disposal)).toBe(true);
  });

  const valid = `
rows:
${PERIOD_DISPOSALS.map((d) => `  - { disposal: ${d}, adult: P5Y, under18: P2Y6M }`).join('\n')}
reviewEligibility: { adultYears: 15, juvenileYears: 8 }
`;

  it('parses a minimal valid table', () => {
    const t = parseNotificationPeriodTable(valid, 'test.yaml');
    expect(t.rows).toHaveLength(PERIOD_DISPOSALS.length);
    expect(t.rows[0].under18).toEqual({ kind: 'FIXED', years: 2, months: 6 });
  });

  it.each([
    [
      'a malformed period',
      valid.replace('adult: P5Y', 'adult: P5'),
      /test\.yaml: rows\[0\]\.adult: 'P5' is not an ISO 8601 duration/,
    ],
    [
      'an unknown disposal',
      valid.replace('disposal: FINE', 'disposal: FINES'),
      /rows\[5\]\.disposal: 'FINES' is not one of/,
    ],
    ['a missing disposal', valid.replace(/.*CAUTION.*\n/, ''), /rows: no row for disposal CAUTION/],
    [
      'a misspelt field',
      valid.replace('disposal: FINE,', 'disposal: FINE, restrictonOrder: true,'),
      /rows\[5\]\.restrictonOrder: unknown field/,
    ],
    ['overlapping rows', valid.replace(/(.*FINE.*\n)/, '$1$1'), /rows\[6\]: overlaps rows\[5\] for FINE/],
    [
      'a bound without inclusivity',
      valid.replace('disposal: IMPRISONMENT,', 'disposal: IMPRISONMENT, custodialTermMonths: { min: 30 },'),
      /rows\[0\]\.custodialTermMonths\.minInclusive: must be true or false/,
    ],
    [
      'a missing review period',
      valid.replace('adultYears: 15, ', ''),
      /reviewEligibility\.adultYears: must be a whole number/,
    ],
    [
      'a zero-length period',
      valid.replace('adult: P5Y', 'adult: P0Y'),
      /rows\[0\]\.adult: 'P0Y' is a zero-length period/,
    ],
    ['invalid YAML', 'rows: [', /test\.yaml: \(yaml\):/],
  ])('refuses %s, naming the file and the field', (_name, text, message) => {
    expect(() => parseNotificationPeriodTable(text, 'test.yaml')).toThrow(message);
  });

  it('validateNotificationPeriodTable checks already-parsed data', () => {
    expect(() => validateNotificationPeriodTable([], 'x.json')).toThrow(/x\.json: \(root\): must be a mapping/);
    expect(() => validateNotificationPeriodTable({ rows: [] }, 'x.json')).toThrow(
      /x\.json: rows: must be a non-empty list/,
    );
  });

  it('loadNotificationPeriodTable refuses a bad or missing file with its path', () => {
    const dir = mkdtempSync(join(tmpdir(), 'periods-'));
    try {
      const file = join(dir, 'notification-periods.yaml');
      expect(() => loadNotificationPeriodTable(dir)).toThrow(`${file}: (file): cannot be read`);
      writeFileSync(file, valid.replace('under18: P2Y6M', 'under18: 5'));
      expect(() => loadNotificationPeriodTable(dir)).toThrow(`${file}: rows[0].under18: must be a string`);
      writeFileSync(file, valid);
      expect(loadNotificationPeriodTable(dir).rows).toHaveLength(PERIOD_DISPOSALS.length);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
