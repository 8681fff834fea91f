import { describe, expect, it } from '@jest/globals';
import { normaliseIdentifier } from './identifier';

describe('normaliseIdentifier', () => {
  it.each([
    ['PNC', '2004/0123456B', '2004/0123456B'],
    ['PNC', '04/123456b', '2004/0123456B'],
    ['PNC', ' 2004 / 0123456 b ', '2004/0123456B'],
    ['CRO', '1234/99a', '001234/99A'],
    ['CRO', '123456 / 04L', '123456/04L'],
    ['CRN', 'x123456', 'X123456'],
    ['CRN', ' X 123456', 'X123456'],
    ['NOMS', 'a1234bc', 'A1234BC'],
    ['PASSPORT', '12 345 6789', '123456789'],
    ['PASSPORT', 'ab-123456', 'AB123456'],
    ['NINO', 'ab 12 34 56 c', 'AB123456C'],
  ] as const)('%s %j → %j', (scheme, input, expected) => {
    expect(normaliseIdentifier(scheme, input)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['PNC', '2004/0123456X'],
    ['CRO', '123456-04L'],
    ['CRN', '123456'],
    ['CRN', 'XY12345'],
    ['NOMS', 'A123BC'],
    ['PASSPORT', '12345'],
    ['PASSPORT', '1234567890123'],
    ['NINO', 'QQ123456C'],
    ['NINO', 'AB123456E'],
  ] as const)('refuses %s %j, saying why', (scheme, input) => {
    const result = normaliseIdentifier(scheme, input);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason.length).toBeGreaterThan(0);
  });
});
