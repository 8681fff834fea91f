import { probeBlockingKeys, subjectBlockingKeys } from '../../src/identity/scoring/blocking-keys';
import { decideIdentity, type Candidate } from '../../src/identity/scoring/decide-identity';
import type { MatchProfile } from '../../src/identity/scoring/match-profile';
import type { MatchingSettings } from '../../src/identity/scoring/matching-settings';
import { DEFAULT_MAX_BLOCK_SIZE } from '../../src/identity/match-profile-store';
import type { CorpusRecord } from './identity-corpus';

export interface CorpusResult {
  records: number;
  /** Records whose person already had a subject when they arrived: the links there were to make. */
  linkable: number;
  autoLinks: number;
  correctLinks: number;
  wrongLinks: number;
  byBasis: Record<string, number>;
  reviews: number;
  /** Reviews where the person really did have a subject already. */
  reviewsOfLinkable: number;
  /** Linkable records that made a new subject with no review: missed. */
  missed: number;
  precision: number;
  recall: number;
  reviewRate: number;
  wrongByVariation: Record<string, number>;
  missedByVariation: Record<string, number>;
  maxCandidatesSeen: number;
  /** Candidates scored per record: mean and 99th percentile. */
  candidatesMean: number;
  candidatesP99: number;
  /** Links that also raised a review to merge a split person's other subjects. */
  splitReviews: number;
  /** Split reviews whose subjects really are all one person (a merge a reviewer should accept). */
  splitReviewsRight: number;
}

interface SubjectState {
  personId: number;
  profile: MatchProfile;
}

function merge(into: MatchProfile, from: MatchProfile): void {
  const union = <T>(a: T[], b: T[], key: (x: T) => string) => [
    ...new Map([...a, ...b].map((x) => [key(x), x])).values(),
  ];
  into.names = union(into.names, from.names, (n) => `${n.forenames}|${n.surname}`);
  into.datesOfBirth = union(into.datesOfBirth, from.datesOfBirth, String);
  into.postcodes = union(into.postcodes, from.postcodes, String);
  if (from.sex) into.sex = from.sex;
}

/**
 * Streams the corpus through the same blocking keys and decision the hub uses, with an
 * in-memory key index standing in for subject_blocking_keys: each record links to a subject or
 * makes one, as a message would. Links are judged against the known truth.
 */
export function evaluateCorpus(corpus: CorpusRecord[], settings: MatchingSettings): CorpusResult {
  const subjects = new Map<string, SubjectState>();
  const index = new Map<string, Set<string>>();
  const personsSeen = new Set<number>();
  const file = (subjectId: string, profile: MatchProfile) => {
    for (const key of subjectBlockingKeys(profile)) {
      if (!index.has(key)) index.set(key, new Set());
      index.get(key)!.add(subjectId);
    }
  };
  const result: CorpusResult = {
    records: corpus.length,
    linkable: 0,
    autoLinks: 0,
    correctLinks: 0,
    wrongLinks: 0,
    byBasis: {},
    reviews: 0,
    reviewsOfLinkable: 0,
    missed: 0,
    precision: 0,
    recall: 0,
    reviewRate: 0,
    wrongByVariation: {},
    missedByVariation: {},
    maxCandidatesSeen: 0,
    candidatesMean: 0,
    candidatesP99: 0,
    splitReviews: 0,
    splitReviewsRight: 0,
  };
  const maxBlockSize = settings.maxBlockSize ?? DEFAULT_MAX_BLOCK_SIZE;
  const candidateCounts: number[] = [];
  const count = (m: Record<string, number>, k: string) => (m[k] = (m[k] ?? 0) + 1);

  for (const record of corpus) {
    const linkable = personsSeen.has(record.personId);
    if (linkable) result.linkable++;
    const ids = new Set<string>();
    for (const key of probeBlockingKeys(record.profile)) {
      // As fetchCandidates: a key shared by too many subjects is skipped.
      if ((index.get(key)?.size ?? 0) > maxBlockSize) continue;
      for (const id of index.get(key) ?? []) {
        if (ids.size >= settings.maxCandidates) break;
        ids.add(id);
      }
    }
    result.maxCandidatesSeen = Math.max(result.maxCandidatesSeen, ids.size);
    candidateCounts.push(ids.size);
    const candidates: Candidate[] = [...ids].map((subjectId) => ({
      subjectId,
      profile: subjects.get(subjectId)!.profile,
    }));
    const decision = decideIdentity(record.profile, candidates, settings);
    if (decision.kind === 'LINK') {
      result.autoLinks++;
      count(result.byBasis, decision.basis);
      const subject = subjects.get(decision.subjectId)!;
      if (subject.personId === record.personId) result.correctLinks++;
      else {
        result.wrongLinks++;
        count(result.wrongByVariation, record.variation);
        if (process.env.IDENTITY_DEBUG)
          console.log(
            'WRONG',
            record.variation,
            JSON.stringify(record.profile.names),
            record.profile.datesOfBirth,
            decision.evidence.comparisons.map((c) => `${c.comparison}:${c.level}:${c.weight}:${c.detail}`).join(' | '),
            decision.score,
          );
      }
      if (decision.split) {
        result.splitReviews++;
        if (decision.split.candidateSubjectIds.every((id) => subjects.get(id)!.personId === subject.personId))
          result.splitReviewsRight++;
      }
      merge(subject.profile, record.profile);
      file(decision.subjectId, subject.profile);
    } else {
      const subjectId = `s${subjects.size}`;
      const profile: MatchProfile = {
        ...record.profile,
        names: [...record.profile.names],
        datesOfBirth: [...record.profile.datesOfBirth],
        postcodes: [...record.profile.postcodes],
      };
      subjects.set(subjectId, { personId: record.personId, profile });
      file(subjectId, profile);
      if (decision.review) {
        result.reviews++;
        if (linkable) result.reviewsOfLinkable++;
        if (process.env.IDENTITY_DEBUG) console.log('REVIEW', linkable, record.variation, decision.review.reason);
      } else if (linkable) {
        result.missed++;
        count(result.missedByVariation, record.variation);
      }
    }
    personsSeen.add(record.personId);
  }
  result.precision = result.autoLinks ? result.correctLinks / result.autoLinks : 1;
  result.recall = result.linkable ? result.correctLinks / result.linkable : 1;
  result.reviewRate = (result.reviews + result.splitReviews) / result.records;
  candidateCounts.sort((a, b) => a - b);
  result.candidatesMean = candidateCounts.reduce((a, b) => a + b, 0) / Math.max(1, candidateCounts.length);
  result.candidatesP99 = candidateCounts[Math.floor(candidateCounts.length * 0.99)] ?? 0;
  return result;
}
