import { describe, expect, it } from '@jest/globals';
import { orderEndDate } from './order-dates';

// court-outcomes.md: duration is `{ "years": n }`, `{ "until": date }` or `{ "indefinite": true }`.
// domain.md: a period "beginning with" its start date includes that day, so it ends the day
// before the same date n years on (5 years from 2026-11-02 ends 2031-11-01).

describe('orderEndDate', () => {
  it('an order for n years ends the day before the nth anniversary of its making', () => {
    expect(orderEndDate({ madeOn: '2026-11-02', duration: { years: 5 } })).toBe('2031-11-01');
  });

  it('an order made on 1 January for one year ends on 31 December', () => {
    expect(orderEndDate({ madeOn: '2027-01-01', duration: { years: 1 } })).toBe('2027-12-31');
  });

  it('an order "until" a date ends on that date', () => {
    expect(orderEndDate({ madeOn: '2026-10-14', duration: { until: '2031-06-30' } })).toBe('2031-06-30');
  });

  it('an indefinite order has no end date', () => {
    expect(orderEndDate({ madeOn: '2026-10-14', duration: { indefinite: true } })).toBeNull();
  });
});
