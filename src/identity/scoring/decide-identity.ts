import { nameKey } from '../../subjects/name-key';
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
  | { kind: 'LINK'; subjectId: string; basis: 'NAME_AND_DATE_OF_BIRTH' | 'SCORED'; score: number; evidence: ScoredCandidate }
  | { kind: 'NEW_SUBJECT'; review?: ReviewTask };

const percent = (p: number) => `${(p * 100).toFixed(2)}%`;

/** A scheme for which the candidate holds a different value than the message (PNC, CRO, CRN, NOMS, NINO). */
export function conflictingScheme(probe: MatchProfile, candidate: MatchProfile): string | null {
  const clash = probe.identifiers.find((p) => candidate.identifiers.some((c) => c.scheme === p.scheme && c.value !== p.value));
  return clash ? clash.scheme : null;
}

function exactNameAndDateOfBirth(probe: MatchProfile, candidate: MatchProfile): boolean {
  const primary = nameKey(probe.names[0]);
  return candidate.names.some((n) => nameKey(n) === primary) && candidate.datesOfBirth.includes(probe.datesOfBirth[0]);
}

/**
 * What to do with a message's person once its identifiers have decided nothing, given the
 * candidate subjects blocking found. Pure, so the hub and the corpus benchmark decide alike.
 *
 * The deterministic rule still comes first, with its review reasons: several subjects with the
 * exact name and date of birth, or the one such subject holding a different single-valued
 * identifier, make a new subject for review. One such subject links (basis
 * NAME_AND_DATE_OF_BIRTH) unless the score disagrees (a different sex, say). Otherwise the best
 * candidate links when it alone scores at or above the link threshold; scoring between the
 * thresholds makes a new subject and a review. A candidate holding a different single-valued
 * identifier is never linked.
 */
export function decideIdentity(probe: MatchProfile, candidates: Candidate[], settings: MatchingSettings): IdentityDecision {
  const scored = candidates
    .map((c) => ({ subjectId: c.subjectId, conflict: conflictingScheme(probe, c.profile), exact: exactNameAndDateOfBirth(probe, c.profile), ...scorePair(probe, c.profile, settings) }))
    .sort((a, b) => b.weight - a.weight);
  const evidenceOf = ({ subjectId, probability, weight, comparisons }: (typeof scored)[number]): ScoredCandidate => ({ subjectId, probability, weight, comparisons });
  const review = (reason: string, of: typeof scored): IdentityDecision => ({
    kind: 'NEW_SUBJECT',
    review: { reason, candidateSubjectIds: of.map((c) => c.subjectId), score: of.length ? Math.max(...of.map((c) => c.probability)) : null, evidence: of.map(evidenceOf) },
  });

  const exact = scored.filter((c) => c.exact);
  if (exact.length > 1) return review('several subjects share this name and date of birth', exact);
  if (exact.length === 1 && exact[0].conflict) return review(`the one subject with this name and date of birth holds a different ${exact[0].conflict}`, exact);

  const eligible = scored.filter((c) => !c.conflict);
  const linkable = eligible.filter((c) => c.probability >= settings.linkThreshold);
  if (linkable.length > 1) return review(`${linkable.length} subjects score above the link threshold`, linkable);
  if (linkable.length === 1) {
    const [top] = linkable;
    return { kind: 'LINK', subjectId: top.subjectId, basis: top.exact ? 'NAME_AND_DATE_OF_BIRTH' : 'SCORED', score: top.probability, evidence: evidenceOf(top) };
  }
  const possible = eligible.filter((c) => c.probability >= settings.reviewThreshold);
  if (possible.length) return review(`possible match scored ${percent(possible[0].probability)}, between the review and link thresholds`, possible);
  const clashing = scored.filter((c) => c.conflict && c.probability >= settings.reviewThreshold);
  if (clashing.length) return review(`a subject scoring ${percent(clashing[0].probability)} holds a different ${clashing[0].conflict}`, clashing);
  return { kind: 'NEW_SUBJECT' };
}
