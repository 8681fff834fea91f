/**
 * The Fellegi-Sunter model: for each comparison level, m = P(level | same person) and
 * u = P(level | different people). A level's weight is log2(m / u), in bits: positive is
 * evidence for a match, negative against. m reflects how often a source records the same
 * person that way (typos, nicknames, people moving); u how often two random people agree
 * that well by chance (about 1 in 20,000 share a date of birth; 1 in 300 a surname).
 * These are the fallback only: the shipped weights are estimated from data by
 * `npm run identity:train` (bench/identity-train.ts, expectation-maximisation as Splink does)
 * and read from config/reference/identity-matching.yaml (docs/adr/0300).
 */
export const MATCH_MODEL = {
  forename: {
    EXACT: { m: 0.8, u: 0.008 },
    FIRST_EXACT: { m: 0.06, u: 0.004 },
    VARIANT: { m: 0.05, u: 0.002 },
    MIDDLE_NAME: { m: 0.04, u: 0.004 },
    FUZZY_HIGH: { m: 0.04, u: 0.002 },
    PHONETIC: { m: 0.015, u: 0.004 },
    INITIAL: { m: 0.01, u: 0.04 },
    FUZZY_LOW: { m: 0.01, u: 0.01 },
    DIFFERENT: { m: 0.015, u: 0.93 },
  },
  surname: {
    EXACT: { m: 0.85, u: 0.003 },
    PART: { m: 0.04, u: 0.0005 },
    VARIANT: { m: 0.02, u: 0.0004 },
    FUZZY_HIGH: { m: 0.04, u: 0.002 },
    PHONETIC: { m: 0.01, u: 0.003 },
    FUZZY_LOW: { m: 0.01, u: 0.01 },
    DIFFERENT: { m: 0.03, u: 0.98 },
  },
  dateOfBirth: {
    EXACT: { m: 0.92, u: 0.00005 },
    TRANSPOSED: { m: 0.02, u: 0.00005 },
    ONE_DIGIT: { m: 0.03, u: 0.0008 },
    PARTIAL: { m: 0.02, u: 0.003 },
    DIFFERENT: { m: 0.01, u: 0.996 },
  },
  sex: {
    SAME: { m: 0.98, u: 0.5 },
    DIFFERENT: { m: 0.01, u: 0.5 },
  },
  postcode: {
    EXACT: { m: 0.5, u: 0.0002 },
    DISTRICT: { m: 0.15, u: 0.003 },
    AREA: { m: 0.08, u: 0.05 },
    DIFFERENT: { m: 0.27, u: 0.947 },
  },
} as const;

export type ComparisonName = keyof typeof MATCH_MODEL;
/** m and u for every level of every comparison: the built-in one above, or one estimated from data. */
export type MatchModel = { [C in ComparisonName]: Record<string, { m: number; u: number }> };
export type Level<C extends ComparisonName> = keyof (typeof MATCH_MODEL)[C];

export function levelWeight<C extends ComparisonName>(comparison: C, level: Level<C>): number {
  const { m, u } = (MATCH_MODEL[comparison] as Record<string, { m: number; u: number }>)[level as string];
  return Math.log2(m / u);
}
