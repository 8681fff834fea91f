import { compareDatesOfBirth, compareForenames, comparePostcodes, compareSex, compareSurnames, type Comparison } from './comparisons';
import type { MatchProfile } from './match-profile';
import type { MatchingSettings } from './matching-settings';

/** A candidate's score with the evidence for it, so a reviewer (and a recipient) can see why. */
export interface PairScore {
  /** Match probability 0..1 from the total weight. */
  probability: number;
  /** Total bits: the prior plus every comparison's weight. */
  weight: number;
  comparisons: Comparison[];
}

/** Forenames no closer than sound-alikes or a weak edit match (Susan and Sean); an initial is not evidence of twins. */
const TWIN_FORENAMES = ['DIFFERENT', 'PHONETIC', 'FUZZY_LOW'];

const round = (n: number, places: number) => Math.round(n * 10 ** places) / 10 ** places;

/** The best of several comparisons (a subject may hold several dates of birth or postcodes). */
function best(comparisons: Comparison[]): Comparison | null {
  return comparisons.reduce<Comparison | null>((b, c) => (b === null || c.weight > b.weight ? c : b), null);
}

/** Forenames and surname are compared as a pair, taking the name (or alias) pair that agrees best. */
function bestNamePair(probe: MatchProfile, candidate: MatchProfile): [Comparison, Comparison] | null {
  let chosen: [Comparison, Comparison] | null = null;
  for (const a of probe.names) {
    for (const b of candidate.names) {
      const pair: [Comparison, Comparison] = [compareForenames(a.forenames, b.forenames), compareSurnames(a.surname, b.surname)];
      if (!chosen || pair[0].weight + pair[1].weight > chosen[0].weight + chosen[1].weight) chosen = pair;
    }
  }
  return chosen;
}


/**
 * Fellegi-Sunter scoring of a message's person against one candidate subject: each comparison
 * contributes its level's weight; a missing value contributes nothing. Twins share a surname, a
 * date of birth and often an address, which would otherwise add up to a confident match, so the
 * same surname + date of birth with forenames that clearly differ is strong evidence of two people.
 */
export function scorePair(probe: MatchProfile, candidate: MatchProfile, settings: Pick<MatchingSettings, 'priorWeight' | 'twinsWeight'>): PairScore {
  const comparisons: Comparison[] = [];
  const names = bestNamePair(probe, candidate);
  if (names) comparisons.push(...names);
  const dob = best(probe.datesOfBirth.flatMap((a) => candidate.datesOfBirth.map((b) => compareDatesOfBirth(a, b))));
  if (dob) comparisons.push(dob);
  const sex = compareSex(probe.sex, candidate.sex);
  if (sex) comparisons.push(sex);
  const postcode = best(probe.postcodes.flatMap((a) => candidate.postcodes.map((b) => comparePostcodes(a, b))));
  if (postcode) comparisons.push(postcode);
  // Surname agreeing at any level (a typo'd surname of a twin still names the family); forenames clearly different.
  if (names && dob?.level === 'EXACT' && names[1].weight > 0 && TWIN_FORENAMES.includes(names[0].level)) {
    comparisons.push({ comparison: 'twins', level: 'SAME_SURNAME_AND_DATE_OF_BIRTH_DIFFERENT_FORENAME', weight: settings.twinsWeight, detail: names[0].detail });
  }
  const weight = round(comparisons.reduce((sum, c) => sum + c.weight, settings.priorWeight), 2);
  return { probability: round(probabilityOf(weight), 6), weight, comparisons };
}

export function probabilityOf(weight: number): number {
  const odds = 2 ** weight;
  return odds / (1 + odds);
}
