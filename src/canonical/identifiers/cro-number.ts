export type CroNumberResult = { ok: true; value: string } | { ok: false; reason: string };

// CRO numbers carry a check letter, but its algorithm is not in the contract: format only.
const STANDARD = /^(\d{1,6})\/(\d{2})([A-Z])$/;
const SEARCH_FILE = /^SF(\d{2})\/(\d{6})([A-Z])$/;

/**
 * Validates the format of a CRO number and returns it upper-cased: `NNNNNN/YYA` (serial
 * zero-padded to 6 digits) or the search-file form `SFYY/NNNNNNA`.
 */
export function normaliseCroNumber(input: string): CroNumberResult {
  if (typeof input !== 'string') return { ok: false, reason: 'CRO number must be a string' };
  const text = input.replace(/\s+/g, '').toUpperCase();
  const standard = STANDARD.exec(text);
  if (standard) {
    const [, serial, yy, letter] = standard;
    return { ok: true, value: `${serial.padStart(6, '0')}/${yy}${letter}` };
  }
  if (SEARCH_FILE.test(text)) return { ok: true, value: text };
  return { ok: false, reason: 'CRO number must be NNNNNN/YYA (1-6 digit serial) or SFYY/NNNNNNA' };
}
