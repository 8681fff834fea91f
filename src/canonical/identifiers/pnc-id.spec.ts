import { describe, expect, it } from '@jest/globals';
import { normalisePncId } from './pnc-id';

const TODAY = '2026-05-01';

describe('normalisePncId', () => {
  it('accepts the worked example: (04 × 10^7 + 123456) mod 23 = 2 → B', () => {
    expect(normalisePncId('2004/0123456B', TODAY)).toEqual({ ok: true, value: '2004/0123456B' });
  });

  it('rejects a wrong check character, saying so', () => {
    const result = normalisePncId('2004/0123456X', TODAY);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toMatch(/check character is wrong.*'X' given, 'B' expected/);
    expect(normalisePncId('2019/0456789K', TODAY)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/check character/),
    });
  });

  it('ignores case and spaces, around or inside', () => {
    expect(normalisePncId('  2004/0123456b \t', TODAY)).toEqual({ ok: true, value: '2004/0123456B' });
    expect(normalisePncId('2004 / 0123456 B', TODAY)).toEqual({ ok: true, value: '2004/0123456B' });
    expect(normalisePncId('04 /123456b', TODAY)).toEqual({ ok: true, value: '2004/0123456B' });
  });

  it('expands short forms with the century and a 7-digit serial', () => {
    expect(normalisePncId('04/123456B', TODAY)).toEqual({ ok: true, value: '2004/0123456B' });
    expect(normalisePncId('95/1234l', TODAY)).toEqual({ ok: true, value: '1995/0001234L' });
    expect(normalisePncId('00/1A', TODAY)).toEqual({ ok: true, value: '2000/0000001A' });
    expect(normalisePncId('19/0456789Y', TODAY)).toEqual({ ok: true, value: '2019/0456789Y' });
  });

  it('pivots the century on the current two-digit year', () => {
    expect(normalisePncId('26/42Q', TODAY)).toEqual({ ok: true, value: '2026/0000042Q' });
    expect(normalisePncId('27/42F', TODAY)).toEqual({ ok: true, value: '1927/0000042F' });
    expect(normalisePncId('27/42F', '2027-01-01')).toEqual({ ok: true, value: '2027/0000042F' });
  });

  it('checks the short form too', () => {
    expect(normalisePncId('04/123456C', TODAY)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/check character is wrong/),
    });
  });

  it('refuses a long-form year in the future or before 1900', () => {
    expect(normalisePncId('2027/0000042F', TODAY)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/year 2027/),
    });
    expect(normalisePncId('1899/0000001A', TODAY).ok).toBe(false);
  });

  const malformed = [
    '',
    '2004/123456B', // the long form carries all 7 digits
    '2004/01234567B',
    '2004-0123456B',
    '2004/0123456',
    '204/0123456B',
    '04/B',
    '04/12345678B',
    '2004/0123456BB',
  ];
  it.each(malformed)('refuses the malformed %j', (input) => {
    expect(normalisePncId(input, TODAY)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/must be YYYY\/NNNNNNNA/),
    });
  });

  it('defaults today to the date in London', () => {
    expect(normalisePncId('2004/0123456B')).toEqual({ ok: true, value: '2004/0123456B' });
  });
});
