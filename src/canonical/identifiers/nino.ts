export type NinoResult = { ok: true; value: string } | { ok: false; reason: string };

// HMRC's format: two prefix letters (not D, F, I, Q, U, V; second not O), six digits, suffix A-D.
const NINO = /^[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]\d{6}[A-D]$/;

/** A National Insurance number without spaces, upper-cased (`ab 12 34 56 c` → `AB123456C`). */
export function normaliseNino(input: string): NinoResult {
  if (typeof input !== 'string') return { ok: false, reason: 'National Insurance number must be a string' };
  const text = input.replace(/\s+/g, '').toUpperCase();
  return NINO.test(text) ? { ok: true, value: text } : { ok: false, reason: 'not a National Insurance number' };
}
