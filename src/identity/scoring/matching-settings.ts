/** The tunable part of matching, from config/reference/identity-matching.yaml. */
export interface MatchingSettings {
  /** log2 prior odds that a candidate is the same person, before any comparison. */
  priorWeight: number;
  /** Bits added when surname and date of birth agree but the forenames clearly differ (twins). */
  twinsWeight: number;
  /** Match probability at or above which a message links to the subject without a person. */
  linkThreshold: number;
  /** At or above this (and below link): a new subject and a review task; below it, a new subject only. */
  reviewThreshold: number;
  /** Most candidates the blocking keys may bring back for one message. */
  maxCandidates: number;
}
