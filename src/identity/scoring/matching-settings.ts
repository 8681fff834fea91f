import type { MatchModel } from './match-model';

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
  /**
   * A blocking key shared by more subjects than this says too little to be worth scoring
   * (JOHN SMITH with no date of birth): it is skipped, so a common name cannot flood the
   * candidates. Default 50 (docs/performance.md: measured at a million subjects).
   */
  maxBlockSize?: number;
  /** m and u per comparison level, estimated from data (npm run identity:train); the built-in model when absent. */
  model?: MatchModel;
  /** How common each name is, for term-frequency adjusted weights; names not listed count as `floor`. */
  termFrequencies?: TermFrequencies;
}

export interface TermFrequencies {
  /** Share of records holding an unlisted name: an upper bound, as a listed name is at least this common. */
  floor: number;
  forename: ReadonlyMap<string, number>;
  surname: ReadonlyMap<string, number>;
}
