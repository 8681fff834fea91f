import { todayInLondon, type CivilDate } from '../civil-date';

export type PncIdResult = { ok: true; value: string } | { ok: false; reason: string };

// The PNC check character alphabet: 23 letters, I, O and S left out.
const CHECK_CHARACTERS = 'ZABCDEFGHJKLMNPQRTUVWXY';

const LONG_FORM = /^(\d{4})\/(\d{7})([A-Z])$/;
const SHORT_FORM = /^(\d{2})\/(\d{1,7})([A-Z])$/;

/** The check character for a PNC id: (two-digit year × 10^7 + serial) mod 23. */
function checkCharacter(year: number, serial: number): string {
  return CHECK_CHARACTERS[((year % 100) * 10_000_000 + serial) % 23];
}

/**
 * Validates a PNC id and returns it as `YYYY/NNNNNNNA` (serial zero-padded to 7 digits).
 * Accepts the long form and the short form `YY/N…A`; a short year up to this year's two
 * digits is 20YY, otherwise 19YY (`today` is injectable for tests).
 */
export function normalisePncId(input: string, today: CivilDate = todayInLondon()): PncIdResult {
  if (typeof input !== 'string') return { ok: false, reason: 'PNC id must be a string' };
  // People write PNC ids with stray spaces ("2004 / 0123456 B"); they carry no meaning.
  const text = input.replace(/\s+/g, '').toUpperCase();
  const currentYear = Number(today.slice(0, 4));
  let year: number;
  let serialText: string;
  let given: string;

  const long = LONG_FORM.exec(text);
  const short = long ? null : SHORT_FORM.exec(text);
  if (long) {
    [, , serialText, given] = long;
    year = Number(long[1]);
    // A PNC id is issued in its year, so a future year cannot be genuine.
    if (year < 1900 || year > currentYear) {
      return { ok: false, reason: `PNC id year ${year} is not between 1900 and ${currentYear}` };
    }
  } else if (short) {
    [, , serialText, given] = short;
    const yy = Number(short[1]);
    year = yy <= currentYear % 100 ? 2000 + yy : 1900 + yy;
  } else {
    return { ok: false, reason: 'PNC id must be YYYY/NNNNNNNA or YY/NNNNNNNA (1-7 digit serial, then a check letter)' };
  }

  const serial = Number(serialText);
  const expected = checkCharacter(year, serial);
  if (given !== expected) {
    return { ok: false, reason: `PNC id check character is wrong: '${given}' given, '${expected}' expected` };
  }
  return { ok: true, value: `${year}/${serialText.padStart(7, '0')}${given}` };
}
