export type CrnResult = { ok: true; value: string } | { ok: false; reason: string };

const CRN = /^[A-Z]\d{6}$/;

/** A probation case reference number: one letter and six digits, upper-cased (`x123456` → `X123456`). */
export function normaliseCrn(input: string): CrnResult {
  if (typeof input !== 'string') return { ok: false, reason: 'CRN must be a string' };
  const text = input.replace(/\s+/g, '').toUpperCase();
  return CRN.test(text) ? { ok: true, value: text } : { ok: false, reason: 'CRN must be one letter and 6 digits' };
}
