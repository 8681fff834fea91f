import { nameTokens, transposedDate } from '../src/identity/scoring/comparisons';
import { normaliseNamePart } from '../src/canonical/name-key';
import { probeBlockingKeys, subjectBlockingKeys } from '../src/identity/scoring/blocking-keys';
import { MATCH_MODEL, type ComparisonName, type MatchModel } from '../src/identity/scoring/match-model';
import type { MatchProfile } from '../src/identity/scoring/match-profile';
import type { TermFrequencies } from '../src/identity/scoring/matching-settings';
import { scorePair } from '../src/identity/scoring/score-pair';

/**
 * Estimating the Fellegi-Sunter model from unlabelled records, as Splink does:
 *   - term frequencies: how common each forename and surname is (the share of records holding it);
 *   - u, P(level | different people): counted on random pairs of records, which are almost all
 *     of different people;
 *   - m, P(level | same person), by expectation-maximisation with u held fixed (Splink's
 *     default once u is estimated by random sampling), in two sessions as Splink trains them,
 *     each over the pairs one of the hub's blocking keys brings together and leaving out the
 *     comparisons that key already fixes (pairs blocked on date of birth agree on it whoever
 *     they are, so they cannot say how often one person's date of birth is wrong):
 *       1. pairs sharing a date of birth (D: keys) estimate the names, sex and postcode;
 *       2. pairs sharing forename start and surname sound (N: keys) estimate the date of birth
 *          (with sex and postcode, so the mixture is identifiable; only the date of birth is kept);
 *   - the prior: the matches session 1 found, scaled up by the share of a person's records
 *     whose date of birth agrees (session 2), over all pairs.
 * No truth is used: the corpus's person ids are never read.
 */
export interface TrainingOptions {
  /** Seed for the random pairs. */
  seed: number;
  randomPairs: number;
  maxIterations: number;
  /** EM stops when no m moves by more than this (Splink's default is 1e-4). */
  tolerance: number;
  /** A name seen fewer times is not listed (it counts as the floor frequency). */
  minCount: number;
  /** As the hub: a blocking key shared by more records is skipped. */
  maxBlockSize: number;
}

export interface TrainedModel {
  model: MatchModel;
  /** log2 prior odds that two records chosen at random are one person. */
  priorWeight: number;
  /** Share of matches among the pairs sharing a date of birth, as EM found it. */
  matchShare: number;
  iterations: number;
  converged: boolean;
  sessions: { blockedOn: string; pairs: number; iterations: number; converged: boolean; matchShare: number }[];
  termFrequencies: { floor: number; forename: Record<string, number>; surname: Record<string, number> };
  pairs: { blocked: number; random: number; records: number };
}

export const DEFAULT_TRAINING: TrainingOptions = {
  seed: 20261204,
  randomPairs: 300_000,
  maxIterations: 1000,
  tolerance: 1e-5,
  minCount: 5,
  maxBlockSize: 200,
};

const COMPARISONS = Object.keys(MATCH_MODEL) as ComparisonName[];
const levelsOf = (c: ComparisonName) => Object.keys(MATCH_MODEL[c]);

/** mulberry32, as the corpus generator. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Forename (first part) and surname frequencies over the records' own names. */
export function termFrequencies(records: MatchProfile[], minCount: number): TrainedModel['termFrequencies'] {
  const count = (names: string[]) => {
    const counts = new Map<string, number>();
    for (const n of names) if (n) counts.set(n, (counts.get(n) ?? 0) + 1);
    return Object.fromEntries(
      [...counts]
        .filter(([, c]) => c >= minCount)
        .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
        .map(([n, c]) => [n, Number((c / records.length).toPrecision(4))]),
    );
  };
  return {
    floor: Number((minCount / records.length).toPrecision(4)),
    forename: count(records.map((r) => nameTokens(r.names[0]?.forenames ?? '')[0] ?? '')),
    surname: count(records.map((r) => normaliseNamePart(r.names[0]?.surname ?? ''))),
  };
}

export const asLookup = (tf: TrainedModel['termFrequencies']): TermFrequencies => ({
  floor: tf.floor,
  forename: new Map(Object.entries(tf.forename)),
  surname: new Map(Object.entries(tf.surname)),
});

/** A pair's comparison vector: the level each comparison reached, or none (a missing value). */
type Vector = Partial<Record<ComparisonName, string>>;

function compare(a: MatchProfile, b: MatchProfile, tf: TermFrequencies): Vector {
  const vector: Vector = {};
  for (const c of scorePair(a, b, { priorWeight: 0, twinsWeight: 0, termFrequencies: tf }).comparisons)
    if (c.comparison !== 'twins') vector[c.comparison] = c.level;
  return vector;
}

/** Identical vectors counted once: a corpus has few distinct ones. */
function tally(vectors: Iterable<Vector>): { vector: Vector; n: number }[] {
  const byKey = new Map<string, { vector: Vector; n: number }>();
  for (const v of vectors) {
    const key = COMPARISONS.map((c) => v[c] ?? '').join('|');
    const seen = byKey.get(key);
    if (seen) seen.n++;
    else byKey.set(key, { vector: v, n: 1 });
  }
  return [...byKey.values()];
}

type KeysOf = (r: MatchProfile, probe: boolean) => string[];

/** The hub's blocking keys of one family. */
const hubKeys =
  (keyPrefix: string): KeysOf =>
  (r, probe) =>
    (probe ? probeBlockingKeys(r) : subjectBlockingKeys(r)).filter((k) => k.startsWith(keyPrefix));

/** The date of birth alone (and, probing, day and month swapped): the hub's D key holds an initial too, which would select for agreeing names. */
const dateOfBirthKeys: KeysOf = (r, probe) =>
  r.datesOfBirth.flatMap((d) => [d, ...(probe ? [transposedDate(d)] : [])]).filter((d): d is string => d !== null);

function* blockedPairs(records: MatchProfile[], maxBlockSize: number, keysOf: KeysOf): Generator<[number, number]> {
  const index = new Map<string, number[]>();
  records.forEach((r, i) => {
    for (const key of keysOf(r, false)) {
      if (!index.has(key)) index.set(key, []);
      index.get(key)!.push(i);
    }
  });
  for (let i = 0; i < records.length; i++) {
    const others = new Set<number>();
    for (const key of keysOf(records[i], true)) {
      const block = index.get(key) ?? [];
      if (block.length > maxBlockSize) continue;
      for (const j of block) if (j > i) others.add(j);
    }
    for (const j of others) yield [i, j];
  }
}

/** Share of each level among weighted vectors, with half a pseudo-count so no level is impossible. */
function distribution(
  vectors: { vector: Vector; n: number }[],
  weightOf: (v: { vector: Vector; n: number }) => number,
  c: ComparisonName,
): Record<string, number> {
  const levels = levelsOf(c);
  const totals = Object.fromEntries(levels.map((l) => [l, 0.5])) as Record<string, number>;
  for (const v of vectors) {
    const level = v.vector[c];
    if (level !== undefined) totals[level] += weightOf(v);
  }
  const sum = levels.reduce((s, l) => s + totals[l], 0);
  return Object.fromEntries(levels.map((l) => [l, totals[l] / sum]));
}

export function trainMatchModel(records: MatchProfile[], options: Partial<TrainingOptions> = {}): TrainedModel {
  const o = { ...DEFAULT_TRAINING, ...options };
  const tf = termFrequencies(records, o.minCount);
  const lookup = asLookup(tf);

  const rnd = seededRandom(o.seed);
  const random: Vector[] = [];
  for (let k = 0; k < o.randomPairs; k++) {
    const i = Math.floor(rnd() * records.length);
    let j = Math.floor(rnd() * records.length);
    if (j === i) j = (j + 1) % records.length;
    random.push(compare(records[i], records[j], lookup));
  }
  const randomTally = tally(random);
  const u = Object.fromEntries(COMPARISONS.map((c) => [c, distribution(randomTally, (v) => v.n, c)])) as Record<
    ComparisonName,
    Record<string, number>
  >;

  const initialM = Object.fromEntries(
    COMPARISONS.map((c) => [
      c,
      Object.fromEntries(levelsOf(c).map((l) => [l, (MATCH_MODEL[c] as Record<string, { m: number }>)[l].m])),
    ]),
  ) as Record<ComparisonName, Record<string, number>>;
  const session = (keysOf: KeysOf, trained: ComparisonName[]) => {
    let count = 0;
    const blocked = tally(
      (function* () {
        for (const [i, j] of blockedPairs(records, o.maxBlockSize, keysOf)) {
          count++;
          yield compare(records[i], records[j], lookup);
        }
      })(),
    );
    return { pairs: count, ...expectationMaximisation(blocked, trained, initialM, u, o) };
  };
  const byDate = session(dateOfBirthKeys, ['forename', 'surname', 'sex', 'postcode']);
  // Sex and postcode as well, though only the date of birth is kept: with one comparison alone
  // the mixture is not identifiable (the share of matches and m trade off along a ridge).
  const byName = session(hubKeys('N:'), ['dateOfBirth', 'sex', 'postcode']);
  const m = { ...byDate.m, dateOfBirth: byName.m.dateOfBirth };
  const blockedCount = byDate.pairs + byName.pairs;
  const iterations = byDate.iterations + byName.iterations;
  const converged = byDate.converged && byName.converged;
  const share = byDate.share;

  const allPairs = (records.length * (records.length - 1)) / 2;
  // Session 1 saw only the matches whose dates of birth agree exactly.
  const matchingPairs = (share * byDate.pairs) / m.dateOfBirth.EXACT;
  const round = (x: number) => Number(x.toPrecision(4));
  const model = Object.fromEntries(
    COMPARISONS.map((c) => [
      c,
      Object.fromEntries(levelsOf(c).map((l) => [l, { m: round(m[c][l]), u: round(u[c][l]) }])),
    ]),
  ) as MatchModel;
  return {
    model,
    priorWeight: Math.round(Math.log2(matchingPairs / (allPairs - matchingPairs)) * 100) / 100,
    matchShare: round(share),
    iterations,
    converged,
    sessions: [
      {
        blockedOn: 'date of birth',
        pairs: byDate.pairs,
        iterations: byDate.iterations,
        converged: byDate.converged,
        matchShare: round(byDate.share),
      },
      {
        blockedOn: 'forename start and surname sound',
        pairs: byName.pairs,
        iterations: byName.iterations,
        converged: byName.converged,
        matchShare: round(byName.share),
      },
    ],
    termFrequencies: tf,
    pairs: { blocked: blockedCount, random: o.randomPairs, records: records.length },
  };
}

/**
 * EM for the m of the `trained` comparisons (the others are left out of the likelihood: the
 * blocking fixed them), u fixed. Returns m for every comparison (untrained ones as given).
 */
function expectationMaximisation(
  blocked: { vector: Vector; n: number }[],
  trained: ComparisonName[],
  initial: Record<ComparisonName, Record<string, number>>,
  u: Record<ComparisonName, Record<string, number>>,
  o: TrainingOptions,
): { m: Record<ComparisonName, Record<string, number>>; share: number; iterations: number; converged: boolean } {
  let m = { ...initial };
  let share = 0.5;
  let iterations = 0;
  let converged = false;
  const posterior = new Map<{ vector: Vector; n: number }, number>();
  while (iterations < o.maxIterations && !converged) {
    iterations++;
    let matches = 0;
    let total = 0;
    // E: the probability each vector is a match, under the current m and share.
    for (const v of blocked) {
      let logMatch = Math.log(share);
      let logOther = Math.log(1 - share);
      for (const c of trained) {
        const level = v.vector[c];
        if (level === undefined) continue;
        logMatch += Math.log(m[c][level]);
        logOther += Math.log(u[c][level]);
      }
      const p = 1 / (1 + Math.exp(logOther - logMatch));
      posterior.set(v, p);
      matches += p * v.n;
      total += v.n;
    }
    // M: m as the levels' shares among the expected matches.
    const next = { ...m };
    for (const c of trained) next[c] = distribution(blocked, (v) => posterior.get(v)! * v.n, c);
    const moved = Math.max(...trained.flatMap((c) => levelsOf(c).map((l) => Math.abs(next[c][l] - m[c][l]))));
    m = next;
    share = Math.min(0.999, Math.max(1e-6, matches / Math.max(1, total)));
    converged = moved < o.tolerance;
  }
  return { m, share, iterations, converged };
}
