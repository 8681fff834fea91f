/**
 * What a court can find on an offence (court-outcomes.md). The one list: the court adapter's
 * validation, the canonical record, the registration rules and the event catalogue read it.
 */
export const COURT_FINDINGS = [
  'GUILTY',
  'NOT_GUILTY',
  'NOT_GUILTY_BY_REASON_OF_INSANITY',
  'UNFIT_TO_PLEAD_DID_THE_ACT',
  'ADJOURNED',
] as const;
export type CourtFinding = (typeof COURT_FINDINGS)[number];

/** The findings that record a conviction (or an insanity / did-the-act finding): the ones the record keeps. */
export const CONVICTING_FINDINGS = [
  'GUILTY',
  'NOT_GUILTY_BY_REASON_OF_INSANITY',
  'UNFIT_TO_PLEAD_DID_THE_ACT',
] as const satisfies readonly CourtFinding[];
export type Finding = (typeof CONVICTING_FINDINGS)[number];

export function isConvictingFinding(finding: unknown): finding is Finding {
  return (CONVICTING_FINDINGS as readonly unknown[]).includes(finding);
}
