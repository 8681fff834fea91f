export type NomsNumberResult = { ok: true; value: string } | { ok: false; reason: string };

const NOMS = /^[A-Z]\d{4}[A-Z]{2}$/;

/** A prison (NOMS) number: a letter, four digits, two letters, upper-cased (`a1234bc` → `A1234BC`). */
export function normaliseNomsNumber(input: string): NomsNumberResult {
  if (typeof input !== 'string') return { ok: false, reason: 'NOMS number must be a string' };
  const text = input.replace(/\s+/g, '').toUpperCase();
  return NOMS.test(text)
    ? { ok: true, value: text }
    : { ok: false, reason: 'NOMS number must be a letter, 4 digits and 2 letters' };
}
