import {
  compareDatesOfBirth,
  compareForenames,
  comparePostcodes,
  compareSex,
  compareSurnames,
  type Comparison,
  type KnownName,
} from './comparisons';
import type { MatchProfile } from './match-profile';
import type { MatchingSettings, TermFrequencies } from './matching-settings';
import { isListedForename, isListedSurname } from './name-variants';

/** A candidate's score with the evidence for it, so a reviewer (and a recipient) can see why. */
export interface PairScore {
  /** Match probability 0..1 from the total weight. */
  probability: number;
  /** Total bits: the prior plus every comparison's weight. */
  weight: number;
  comparisons: Comparison[];
}

type ScoreSettings = Pick<MatchingSettings, 'priorWeight' | 'twinsWeight' | 'model' | 'termFrequencies'>;

/** Forenames no closer than sound-alikes or a weak edit match (Susan and Sean); an initial is not evidence of twins. */
const TWIN_FORENAMES = ['DIFFERENT', 'PHONETIC', 'FUZZY_LOW'];

const round = (n: number, places: number) => Math.round(n * 10 ** places) / 10 ** places;

/** The best of several comparisons (a subject may hold several dates of birth or postcodes). */
function best(comparisons: Comparison[]): Comparison | null {
  return comparisons.reduce<Comparison | null>((b, c) => (b === null || c.weight > b.weight ? c : b), null);
}

/** Names common enough in the data to be names in their own right, not slips. */
function knownNames(tf: TermFrequencies | undefined): { forename: KnownName; surname: KnownName } {
  if (!tf) return { forename: isListedForename, surname: isListedSurname };
  return {
    forename: (n) => tf.forename.has(n) || isListedForename(n),
    surname: (n) => tf.surname.has(n) || isListedSurname(n),
  };
}

/**
 * The weight of a comparison under the settings' model (estimated from data) instead of the
 * built-in one; an exact name weighs by how common it is (Splink's term-frequency adjustment:
 * u is the share of records holding that name).
 */
function weigh(c: Comparison, settings: ScoreSettings): Comparison {
  if (c.comparison === 'twins') return c;
  const level = settings.model?.[c.comparison]?.[c.level];
  if (!level) return c;
  let weight = Math.log2(level.m / level.u);
  const tf = settings.termFrequencies;
  if (tf && (c.comparison === 'forename' || c.comparison === 'surname')) {
    const table = tf[c.comparison as 'forename' | 'surname'];
    // Several forenames all agreeing (JOHN MICHAEL): as rare as their parts together, never rarer than the floor.
    const share = (name: string) =>
      table.get(name) ??
      Math.max(
        tf.floor,
        name.includes(' ') ? name.split(' ').reduce((p, t) => p * (table.get(t) ?? tf.floor), 1) : tf.floor,
      );
    const exact = settings.model![c.comparison].EXACT;
    const exactWeight = (names: string[]) => Math.log2(exact.m / Math.max(...names.map(share)));
    if (c.agreed) weight = exactWeight([c.agreed]);
    // A near spelling of a common name says less, as its exact agreement does (SMYTH / SMITH less than
    // EGLINTON / EGLINTEN): shifted down by how much commoner the commoner name is than the average; never up.
    // And never more than the commoner name agreeing exactly, so an exact SMITH is not outweighed by SMYTH.
    else if (c.near && weight > 0)
      weight = Math.min(
        weight + Math.min(0, Math.log2(exact.u / Math.max(share(c.near[0]), share(c.near[1])))),
        exactWeight(c.near),
      );
  }
  return { ...c, weight: round(weight, 2) };
}

/**
 * Forenames and surname are compared as a pair, taking the name (or alias) pair that agrees
 * best; also crosswise, for a forename and surname entered the wrong way round, when that
 * agrees and the straight comparison does not.
 */
function bestNamePair(
  probe: MatchProfile,
  candidate: MatchProfile,
  settings: ScoreSettings,
): [Comparison, Comparison] | null {
  const known = knownNames(settings.termFrequencies);
  const total = (p: [Comparison, Comparison]) => p[0].weight + p[1].weight;
  let chosen: [Comparison, Comparison] | null = null;
  for (const a of probe.names) {
    for (const b of candidate.names) {
      let pair: [Comparison, Comparison] = [
        weigh(compareForenames(a.forenames, b.forenames, known.forename), settings),
        weigh(compareSurnames(a.surname, b.surname, known.surname), settings),
      ];
      if (pair[0].level === 'DIFFERENT' && pair[1].level === 'DIFFERENT') {
        // No term-frequency adjustment crosswise: a surname is not weighed by how rare it is as a forename.
        const crosswise = [
          compareForenames(a.surname, b.forenames, known.forename),
          compareSurnames(a.forenames, b.surname, known.surname),
        ].map(({ agreed: _, near: __, ...c }) =>
          weigh({ ...c, detail: `${c.detail} (forename and surname swapped)` }, settings),
        ) as [Comparison, Comparison];
        if (crosswise[0].weight > 0 && crosswise[1].weight > 0) pair = crosswise;
      }
      if (!chosen || total(pair) > total(chosen)) chosen = pair;
    }
  }
  return chosen;
}

/**
 * Fellegi-Sunter scoring of a message's person against one candidate subject: each comparison
 * contributes its level's weight; a missing value contributes nothing. Twins share a surname, a
 * date of birth and often an address, which would otherwise add up to a confident match, so the
 * same surname + date of birth with forenames that clearly differ is strong evidence of two
 * people; so is the same surname with another date of birth (a twin's record with a slip in
 * it, a sibling, a parent): one family, two people.
 * This interaction is policy, not estimated: EM assumes comparisons independent, and twins look
 * to it like one person.
 */
export function scorePair(probe: MatchProfile, candidate: MatchProfile, settings: ScoreSettings): PairScore {
  const comparisons: Comparison[] = [];
  const names = bestNamePair(probe, candidate, settings);
  if (names) comparisons.push(...names);
  const dob = best(
    probe.datesOfBirth.flatMap((a) => candidate.datesOfBirth.map((b) => weigh(compareDatesOfBirth(a, b), settings))),
  );
  if (dob) comparisons.push(dob);
  const sex = compareSex(probe.sex, candidate.sex);
  if (sex) comparisons.push(weigh(sex, settings));
  const postcode = best(
    probe.postcodes.flatMap((a) => candidate.postcodes.map((b) => weigh(comparePostcodes(a, b), settings))),
  );
  if (postcode) comparisons.push(postcode);
  // Surname agreeing at any level (a typo'd surname of a twin still names the family); forenames clearly different.
  if (names && dob && names[1].weight > 0 && TWIN_FORENAMES.includes(names[0].level)) {
    const level =
      dob.level === 'EXACT'
        ? 'SAME_SURNAME_AND_DATE_OF_BIRTH_DIFFERENT_FORENAME'
        : 'SAME_SURNAME_OTHER_DATE_OF_BIRTH_DIFFERENT_FORENAME';
    comparisons.push({ comparison: 'twins', level, weight: settings.twinsWeight, detail: names[0].detail });
  }
  const weight = round(
    comparisons.reduce((sum, c) => sum + c.weight, settings.priorWeight),
    2,
  );
  return { probability: round(probabilityOf(weight), 6), weight, comparisons };
}

export function probabilityOf(weight: number): number {
  const odds = 2 ** weight;
  return odds / (1 + odds);
}
