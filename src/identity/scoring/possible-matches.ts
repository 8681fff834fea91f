import type { Candidate } from './decide-identity';
import { conflictingScheme } from './decide-identity';
import type { MatchProfile } from './match-profile';
import type { MatchingSettings } from './matching-settings';
import { scorePair } from './score-pair';

/** Why a candidate was offered, without the candidate's own values (a caller may not be entitled to them). */
export interface MatchEvidence {
  comparison: string;
  level: string;
  weight: number;
}

export interface PossibleMatch {
  subjectId: string;
  probability: number;
  /** At or above the link threshold: the hub itself would have linked a message to it. */
  linkable: boolean;
  evidence: MatchEvidence[];
}

/**
 * Subjects a search (a check) should offer for a person: every candidate blocking found that
 * scores at or above the review threshold and holds no identifier contradicting the search,
 * best first. The same scoring as inbound messages, so a check and a message agree on who is who.
 */
export function possibleMatches(
  probe: MatchProfile,
  candidates: Candidate[],
  settings: MatchingSettings,
): PossibleMatch[] {
  return candidates
    .filter((c) => conflictingScheme(probe, c.profile) === null)
    .map((c) => ({ subjectId: c.subjectId, score: scorePair(probe, c.profile, settings) }))
    .filter(({ score }) => score.probability >= settings.reviewThreshold)
    .sort((a, b) => b.score.weight - a.score.weight)
    .map(({ subjectId, score }) => ({
      subjectId,
      probability: score.probability,
      linkable: score.probability >= settings.linkThreshold,
      evidence: score.comparisons.map(({ comparison, level, weight }) => ({ comparison, level, weight })),
    }));
}
