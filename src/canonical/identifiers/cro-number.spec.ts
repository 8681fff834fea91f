import { describe, expect, it } from '@jest/globals';
import { normaliseCroNumber } from './cro-number';

describe('normaliseCroNumber', () => {
  it('accepts the standard form', () => {
    expect(normaliseCroNumber('123456/04L')).toEqual({ ok: true, value: '123456/04L' });
  });

  it('zero-pads the serial to 6 digits, upper-cases and trims', () => {
    expect(normaliseCroNumber(' 1234/99a ')).toEqual({ ok: true, value: '001234/99A' });
    expect(normaliseCroNumber('7/01B')).toEqual({ ok: true, value: '000007/01B' });
  });

  it('accepts the SF form', () => {
    expect(normaliseCroNumber('SF95/123456K')).toEqual({ ok: true, value: 'SF95/123456K' });
    expect(normaliseCroNumber('sf04/000123c')).toEqual({ ok: true, value: 'SF04/000123C' });
  });

  it.each([
    '',
    '1234567/04L',
    '123456/4L',
    '123456/04',
    '123456-04L',
    '/04L',
    'SF95/12345K',
    'SF9/123456K',
    'SF95/123456',
    '123456/041',
  ])('refuses the malformed %j', (input) => {
    expect(normaliseCroNumber(input)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/must be NNNNNN\/YYA/),
    });
  });
});
