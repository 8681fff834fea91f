import { nameKey } from '../../canonical/name-key';
import type { MatchProfile } from './match-profile';
import type { MatchingSettings } from './matching-settings';
import { scorePair, type PairScore } from './score-pair';

export interface Candidate {
  subjectId: string;
  profile: MatchProfile;
}

export interface ScoredCandidate extends PairScore {
  subjectId: string;
}

/** Evidence kept with a review, and offered to a reviewer: every candidate worth looking at. */
export interface ReviewTask {
  reason: string;
  candidateSubjectIds: string[];
  /** The best candidate's match probability. */
  score: number | null;
  evidence: ScoredCandidate[];
}

export type IdentityDecision =
  | {
      kind: 'LINK';
      subjectId: string;
      basis: 'NAME_AND_DATE_OF_BIRTH' | 'SCORED';
      score: number;
      evidence: ScoredCandidate;
      /** Other subjects that qualified too: one person split across several; a person is asked to merge them into this one. */
      split?: ReviewTask;
    }
  | { kind: 'NEW_SUBJECT'; review?: ReviewTask };

const percent = (p: number) => `${(p * 100).toFixed(2)}%`;

/** A scheme for which the candidate holds a different value than the message (PNC, CRO, CRN, NOMS, NINO). */
export function conflictingScheme(probe: MatchProfile, candidate: MatchProfile): string | null {
  const clash = probe.identifiers.find((p) =>
    candidate.identifiers.some((c) => c.scheme === p.scheme && c.value !== p.value),
  );
  return clash ? clash.scheme : null;
}

function exactNameAndDateOfBirth(probe: MatchProfile, candidate: MatchProfile): boolean {
  const primary = nameKey(probe.names[0]);
  return candidate.names.some((n) => nameKey(n) === primary) && candidate.datesOfBirth.includes(probe.datesOfBirth[0]);
}

const levelOf = (c: PairScore, comparison: string) => c.comparisons.find((x) => x.comparison === comparison)?.level;

/** A date of birth that is not the same, nor a known slip of it: possibly a parent or child of the same name. */
const datesOfBirthDiffer = (c: PairScore) => levelOf(c, 'dateOfBirth') === 'DIFFERENT';

/**
 * A date of birth a digit or a part out, or its day and month swapped, with no address to confirm it: as likely a namesake
 * born nearby as the same person mistyped (the name agreeing does not make the dates agree;
 * EM's independence assumption cannot see that), so it goes to a person rather than linking.
 */
/** Recorded as another sex: as often another person (a twin, a namesake) as a clerical slip, so a person decides. */
const sexesDiffer = (c: PairScore) => levelOf(c, 'sex') === 'DIFFERENT';

const nearDateUnconfirmed = (c: PairScore) =>
  // A day and month swapped is a slip too: born 2 January and born 1 February, elsewhere, are
  // as likely two people of similar name (the fault suite's stream met exactly that).
  ['ONE_DIGIT', 'PARTIAL', 'TRANSPOSED'].includes(levelOf(c, 'dateOfBirth') ?? '') &&
  !['EXACT', 'DISTRICT'].includes(levelOf(c, 'postcode') ?? '');

/**
 * What to do with a message's person once its identifiers have decided nothing, given the
 * candidate subjects blocking found. Pure, so the hub and the corpus benchmark decide alike.
 *
 * The best candidate scoring at or above the link threshold links (basis NAME_AND_DATE_OF_BIRTH
 * when name and date of birth are exact, else SCORED). When several qualify, the person has
 * been split across them before: the message links to the best supported (so the split does
 * not cascade into yet another subject) and a review asks a person to merge the others into it,
 * unless they hold conflicting single-valued identifiers (two people the hub knows apart: a new
 * subject and a review, as before).
 * The one subject with the exact name and date of birth holding a different single-valued
 * identifier makes a new subject for review, and a candidate holding one is never linked.
 * A candidate whose date of birth really differs is never linked automatically, however well
 * the rest agrees (a father and son of one name at one address), nor one whose date of birth is
 * only near without the address agreeing (a namesake), nor one recorded as another sex: it is
 * offered for review.
 * Scoring between the thresholds makes a new subject and a review.
 */
export function decideIdentity(
  probe: MatchProfile,
  candidates: Candidate[],
  settings: MatchingSettings,
): IdentityDecision {
  const scored = candidates
    .map((c) => ({
      subjectId: c.subjectId,
      profile: c.profile,
      conflict: conflictingScheme(probe, c.profile),
      exact: exactNameAndDateOfBirth(probe, c.profile),
      ...scorePair(probe, c.profile, settings),
    }))
    .sort((a, b) => b.weight - a.weight || (a.subjectId < b.subjectId ? -1 : a.subjectId > b.subjectId ? 1 : 0));
  const evidenceOf = ({ subjectId, probability, weight, comparisons }: (typeof scored)[number]): ScoredCandidate => ({
    subjectId,
    probability,
    weight,
    comparisons,
  });
  const task = (reason: string, of: typeof scored): ReviewTask => ({
    reason,
    candidateSubjectIds: of.map((c) => c.subjectId),
    score: of.length ? Math.max(...of.map((c) => c.probability)) : null,
    evidence: of.map(evidenceOf),
  });
  const review = (reason: string, of: typeof scored): IdentityDecision => ({
    kind: 'NEW_SUBJECT',
    review: task(reason, of),
  });

  const exact = scored.filter((c) => c.exact);
  if (exact.length === 1 && exact[0].conflict)
    return review(`the one subject with this name and date of birth holds a different ${exact[0].conflict}`, exact);

  const eligible = scored.filter((c) => !c.conflict);
  const linkable = eligible.filter(
    (c) =>
      c.probability >= settings.linkThreshold && !datesOfBirthDiffer(c) && !nearDateUnconfirmed(c) && !sexesDiffer(c),
  );
  // Subjects the hub holds apart by identifier (two PNC ids) are two people: fitting both is ambiguous, not a split.
  const apart = linkable.some((a, i) =>
    linkable.slice(i + 1).some((b) => conflictingScheme(a.profile, b.profile) !== null),
  );
  if (apart) {
    return review(
      exact.length > 1 && exact.every((c) => linkable.includes(c))
        ? 'several subjects share this name and date of birth'
        : `${linkable.length} subjects score above the link threshold`,
      linkable,
    );
  }
  if (linkable.length) {
    const [top, ...others] = linkable;
    return {
      kind: 'LINK',
      subjectId: top.subjectId,
      basis: top.exact ? 'NAME_AND_DATE_OF_BIRTH' : 'SCORED',
      score: top.probability,
      evidence: evidenceOf(top),
      ...(others.length
        ? {
            split: task(
              `${linkable.length} subjects score above the link threshold: one person split across them? Linked to the best; merge the others into it`,
              others,
            ),
          }
        : {}),
    };
  }
  const possible = eligible.filter((c) => c.probability >= settings.reviewThreshold);
  if (possible.length) {
    const [best] = possible;
    const why = datesOfBirthDiffer(best)
      ? 'but the dates of birth differ'
      : best.probability < settings.linkThreshold
        ? 'between the review and link thresholds'
        : sexesDiffer(best)
          ? 'but the sexes recorded differ'
          : 'but the date of birth is only near and no address confirms it';
    return review(`possible match scored ${percent(possible[0].probability)}, ${why}`, possible);
  }
  const clashing = scored.filter((c) => c.conflict && c.probability >= settings.reviewThreshold);
  if (clashing.length)
    return review(
      `a subject scoring ${percent(clashing[0].probability)} holds a different ${clashing[0].conflict}`,
      clashing,
    );
  return { kind: 'NEW_SUBJECT' };
}
