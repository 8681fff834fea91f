export type PassportNumberResult = { ok: true; value: string } | { ok: false; reason: string };

// UK passports have 9 digits; other states use up to 12 letters and digits (ICAO 9303 allows 9, some issue more).
const PASSPORT = /^[A-Z0-9]{6,12}$/;

/** A passport number as printed, without spaces or hyphens and upper-cased (`12 345 6789` → `123456789`). */
export function normalisePassportNumber(input: string): PassportNumberResult {
  if (typeof input !== 'string') return { ok: false, reason: 'passport number must be a string' };
  const text = input.replace(/[\s-]+/g, '').toUpperCase();
  return PASSPORT.test(text)
    ? { ok: true, value: text }
    : { ok: false, reason: 'passport number must be 6-12 letters or digits' };
}
