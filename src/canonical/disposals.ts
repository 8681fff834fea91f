/**
 * What a court can do on conviction (court-outcomes.md). The one list: the court adapter's
 * validation, the canonical record and the notification period rules all read it.
 */
export const COURT_DISPOSALS = [
  'IMPRISONMENT',
  'SUSPENDED_SENTENCE',
  'HOSPITAL_ORDER',
  'COMMUNITY_ORDER',
  'YOUTH_REHABILITATION_ORDER',
  'FINE',
  'CONDITIONAL_DISCHARGE',
  'ABSOLUTE_DISCHARGE',
] as const;
export type CourtDisposal = (typeof COURT_DISPOSALS)[number];

/** What the notification period rules look up (SOA 2003 s.82): a court's disposal, or a police caution. */
export const PERIOD_DISPOSALS = [...COURT_DISPOSALS, 'CAUTION'] as const;
export type PeriodDisposal = (typeof PERIOD_DISPOSALS)[number];
