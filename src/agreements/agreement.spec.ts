import { describe, expect, it } from '@jest/globals';
import { ackWithinMs, agreementAllowsFlow, agreementState, type Agreement } from './agreement';

// agreements.md example: validFrom 2026-04-01; reviewBy 2027-03-31 ("after this date: still
// active, reported as overdue for review"); validTo 2028-03-31 ("after this date: nothing flows
// under it"); status draft | active | suspended | terminated.

const dsa = (over: Partial<Agreement> = {}): Agreement => ({
  id: 'DSA-2026-014',
  title: 'test',
  status: 'active',
  validFrom: '2026-04-01',
  reviewBy: '2027-03-31',
  validTo: '2028-03-31',
  recipients: ['police.west-yorkshire'],
  purpose: 'MAPPA_RISK_MANAGEMENT',
  lawfulBasis: 'test',
  eventTypes: ['conviction.recorded'],
  conditions: {},
  fields: ['conviction'],
  excludeProvenance: [],
  classification: 'OFFICIAL-SENSITIVE',
  file: 'DSA-2026-014.yaml',
  ...over,
});

describe('agreementState: an active agreement by date', () => {
  it.each([
    ['2026-03-31', 'not-yet-valid'],
    ['2026-04-01', 'active'], // validFrom is the first day
    ['2027-03-31', 'active'], // reviewBy itself is not yet overdue
    ['2027-04-01', 'review-overdue'],
    ['2028-03-31', 'review-overdue'], // validTo is the last day anything flows
    ['2028-04-01', 'expired'],
  ])('on %s it is %s', (today, state) => {
    expect(agreementState(dsa(), today)).toBe(state);
  });

  it('with no reviewBy is never overdue for review', () => {
    const { reviewBy: _, ...noReview } = dsa();
    expect(agreementState(noReview, '2028-03-31')).toBe('active');
  });

  it('with no validTo never expires', () => {
    const { validTo: _, ...open } = dsa();
    expect(agreementState(open, '2099-01-01')).toBe('review-overdue');
  });
});

describe('agreementState: status and suspension come before dates', () => {
  it.each(['draft', 'suspended', 'terminated'] as const)('a %s agreement is %s whatever the day', (status) => {
    expect(agreementState(dsa({ status }), '2026-06-01')).toBe(status);
  });

  it('an operator suspension makes an active agreement suspended', () => {
    expect(agreementState(dsa(), '2026-06-01', true)).toBe('suspended');
  });

  it('a terminated agreement stays terminated when also suspended', () => {
    expect(agreementState(dsa({ status: 'terminated' }), '2026-06-01', true)).toBe('terminated');
  });
});

describe('agreementAllowsFlow: only active and review-overdue agreements let data flow', () => {
  it.each([
    ['active', dsa(), '2026-06-01', false, true],
    ['overdue for review', dsa(), '2027-06-01', false, true],
    ['not yet valid', dsa(), '2026-03-31', false, false],
    ['expired', dsa(), '2028-04-01', false, false],
    ['suspended by an operator', dsa(), '2026-06-01', true, false],
    ['suspended in the file', dsa({ status: 'suspended' }), '2026-06-01', false, false],
    ['draft', dsa({ status: 'draft' }), '2026-06-01', false, false],
    ['terminated', dsa({ status: 'terminated' }), '2026-06-01', false, false],
  ])('%s', (_name, agreement, today, suspended, flows) => {
    expect(agreementAllowsFlow(agreement, today, suspended)).toBe(flows);
  });
});

describe('ackWithinMs: the ISO 8601 acknowledgement window', () => {
  it.each([
    ['P2D', 2 * 24 * 60 * 60 * 1000],
    ['PT12H', 12 * 60 * 60 * 1000],
    ['PT30M', 30 * 60 * 1000],
    ['PT45S', 45 * 1000],
    ['P1DT2H30M', (24 + 2) * 60 * 60 * 1000 + 30 * 60 * 1000],
  ])('%s is %d ms', (duration, ms) => {
    expect(ackWithinMs(duration)).toBe(ms);
  });

  it('refuses anything else', () => {
    expect(() => ackWithinMs('2 days')).toThrow(/not an ackWithin duration/);
  });
});
