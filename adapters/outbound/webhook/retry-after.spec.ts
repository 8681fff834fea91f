import { parseRetryAfter } from './https-webhook.transport';

describe('Retry-After', () => {
  const now = Date.parse('2026-11-20T10:00:00Z');

  it('reads delta-seconds', () => {
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter(' 5 ', now)).toBe(5000);
  });

  it('reads an HTTP date', () => {
    expect(parseRetryAfter('Fri, 20 Nov 2026 10:01:30 GMT', now)).toBe(90_000);
  });

  it('ignores what it cannot use: absent, garbage, zero, a date already past', () => {
    for (const v of [null, '', 'soon', '0', '-5', 'Fri, 20 Nov 2026 09:00:00 GMT'])
      expect(parseRetryAfter(v, now)).toBeUndefined();
  });

  it('is capped at a day, so a receiver cannot park deliveries past the retry window', () => {
    expect(parseRetryAfter('9999999', now)).toBe(86_400_000);
  });
});
