import { Inject, Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { PersonClaim } from '../canonical/commands';
import type { LinkBasis } from '../canonical/link-bases';
import { nameKey } from '../canonical/name-key';
import { subjectKeptApartFromOthers } from './identity-decisions';
import { MATCHING_SETTINGS } from './identity-matching-config';
import { fetchCandidates, saveMatchProfile } from './match-profile-store';
import { probeBlockingKeys } from './scoring/blocking-keys';
import { transposedDate } from './scoring/comparisons';
import { decideIdentity, type ReviewTask } from './scoring/decide-identity';
import { normalisePostcode, profileOfClaim } from './scoring/match-profile';
import type { MatchingSettings } from './scoring/matching-settings';
import { SINGLE_VALUED_SCHEMES } from './scoring/single-valued-schemes';

/** How a message's person was tied to a subject; carried so recipients can weigh the link. */
export interface Resolution {
  subjectId: string;
  isNew: boolean;
  basis: LinkBasis;
  /** Match probability (0..1) when the link came from comparing the person (NAME_AND_DATE_OF_BIRTH, SCORED). */
  score?: number;
  /** The identifier scheme that linked (highest precedence), when basis is IDENTIFIER. */
  linkedBy?: string;
  /** Set when identifiers or name + date of birth pointed elsewhere: linked to none, listed for review. */
  conflict?: string;
}

/**
 * Deterministic identifiers in the order the contract gives them (probation.md): PNC id, CRO,
 * CRN, NOMS, passport; then the sources' own keys (a court's defendant id). NINO last.
 */
const PRECEDENCE = ['PNC', 'CRO', 'CRN', 'NOMS', 'PASSPORT', 'NINO'];
const SINGLE_VALUED = SINGLE_VALUED_SCHEMES;

function precedence(scheme: string): number {
  const i = PRECEDENCE.indexOf(scheme);
  return i >= 0 ? i : PRECEDENCE.length;
}

/** Identity keys: the public identifier schemes plus each source's own reference, in precedence order. */
export function identityKeys(person: PersonClaim): { scheme: string; value: string }[] {
  const keys: { scheme: string; value: string }[] = person.identifiers.map((i) => ({
    scheme: i.scheme,
    value: i.value,
  }));
  if (person.sourceReference) keys.push({ scheme: person.sourceReference.source, value: person.sourceReference.value });
  return keys.sort((a, b) => precedence(a.scheme) - precedence(b.scheme));
}

/**
 * Identity: identifiers first (PNC, CRO, CRN, NOMS, passport and the source's own reference);
 * when they decide nothing, the person is scored against the subjects blocking finds
 * (src/identity/scoring): the best subject scoring above the link threshold links. Several
 * such subjects are one person split: linked to the best, and a SPLIT review asks a person to
 * merge the others (so later records do not cascade into yet more subjects). Never merges on a
 * guess: conflicting, ambiguous or middling evidence (subjects held apart by identifiers or by
 * a person's decision) makes a new subject and a review task listing the candidates, with the
 * score and evidence (GET /v1/admin/identity/reviews).
 */
@Injectable()
export class IdentityResolver {
  private readonly logger = new Logger(IdentityResolver.name);

  constructor(@Inject(MATCHING_SETTINGS) private readonly settings: MatchingSettings) {}

  async resolve(manager: EntityManager, person: PersonClaim): Promise<Resolution> {
    const keys = identityKeys(person);
    const personNameKey = nameKey(person);
    const probe = profileOfClaim(person);
    const blockingKeys = probeBlockingKeys(probe);
    // Serialise concurrent messages about the same person so they cannot create two subjects
    // (by date of birth, and day and month swapped, for those that would link by score).
    const dateLocks = probe.datesOfBirth
      .flatMap((dob) => [dob, transposedDate(dob)])
      .filter((dob): dob is string => dob !== null)
      .map((dob) => `D:${dob}`);
    const lockKeys = [
      ...keys.map((k) => `${k.scheme}:${k.value}`),
      `NAME:${personNameKey}:${person.dateOfBirth}`,
      ...dateLocks,
    ].sort();
    // One statement takes them all, in the array's (sorted) order, so two messages never deadlock.
    await manager.query('SELECT count(pg_advisory_xact_lock(hashtextextended(k, 0))) FROM unnest($1::text[]) AS k', [
      lockKeys,
    ]);

    const matched: { subject_id: string; scheme: string }[] = keys.length
      ? await manager.query(
          `SELECT subject_id, scheme FROM subject_identifiers
            WHERE (scheme, value) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
          [keys.map((k) => k.scheme), keys.map((k) => k.value)],
        )
      : [];
    matched.sort((a, b) => precedence(a.scheme) - precedence(b.scheme));
    const subjectIds = [...new Set(matched.map((m) => m.subject_id))];
    if (subjectIds.length > 1) {
      const decided = await subjectKeptApartFromOthers(manager, subjectIds);
      if (decided)
        return {
          subjectId: decided,
          isNew: false,
          basis: 'IDENTIFIER',
          linkedBy: matched.find((m) => m.subject_id === decided)!.scheme,
        };
      const which = [...new Set(matched.map((m) => m.scheme))].join(', ');
      return this.createSubject(manager, `identifiers point at different subjects (${which})`, subjectIds);
    }
    if (subjectIds.length === 1) {
      const conflict = await this.conflictingIdentifier(manager, subjectIds[0], keys);
      if (!conflict)
        return { subjectId: subjectIds[0], isNew: false, basis: 'IDENTIFIER', linkedBy: matched[0].scheme };
      return this.createSubject(
        manager,
        `the subject matching by ${matched[0].scheme} holds a different ${conflict} than the message`,
        subjectIds,
      );
    }

    const candidates = await fetchCandidates(
      (sql, params) => manager.query(sql, params),
      blockingKeys,
      this.settings.maxCandidates,
      this.settings.maxBlockSize,
    );
    const decision = decideIdentity(probe, candidates, this.settings);
    if (decision.kind === 'LINK') {
      if (decision.split) {
        // Subjects a person decided are different people: fitting both is ambiguous, not a split.
        const keptApart = await this.keptApartFrom(manager, decision.subjectId, decision.split.candidateSubjectIds);
        if (keptApart.length) {
          const ids = [decision.subjectId, ...decision.split.candidateSubjectIds];
          return this.createSubject(manager, {
            reason: `${ids.length} subjects score above the link threshold, and a person has kept some of them apart`,
            candidateSubjectIds: ids,
            score: decision.score,
            evidence: [decision.evidence, ...decision.split.evidence],
          });
        }
        await this.raiseSplitReview(manager, decision.subjectId, decision.split);
      }
      return { subjectId: decision.subjectId, isNew: false, basis: decision.basis, score: decision.score };
    }
    return this.createSubject(manager, decision.review);
  }

  private async keptApartFrom(manager: EntityManager, subjectId: string, others: string[]): Promise<string[]> {
    const rows: { id: string }[] = await manager.query(
      `SELECT other.id FROM unnest($2::uuid[]) AS other(id)
        WHERE EXISTS (SELECT 1 FROM identity_decisions d WHERE d.decision = 'KEEP_APART'
                        AND d.subject_low = LEAST(other.id, $1::uuid) AND d.subject_high = GREATEST(other.id, $1::uuid))`,
      [subjectId, others],
    );
    return rows.map((r) => r.id);
  }

  /**
   * The message linked to the best of several subjects that all qualified: one person split
   * across them. One open review asks a person to merge the others into it, unless such a split
   * is already waiting in the queue.
   */
  private async raiseSplitReview(manager: EntityManager, subjectId: string, split: ReviewTask): Promise<void> {
    const rows: { id: string }[] = await manager.query(
      `SELECT other.id FROM unnest($2::uuid[]) AS other(id)
        WHERE NOT EXISTS (SELECT 1 FROM identity_reviews r WHERE r.status = 'open' AND r.kind = 'SPLIT'
                            AND ((r.subject_id = $1 AND other.id = ANY(r.candidate_subject_ids)) OR (r.subject_id = other.id AND $1 = ANY(r.candidate_subject_ids))))`,
      [subjectId, split.candidateSubjectIds],
    );
    const others = new Set(rows.map((r) => r.id));
    if (!others.size) return;
    const evidence = split.evidence.filter((e) => others.has(e.subjectId));
    this.logger.warn(
      `Linked to subject ${subjectId}; ${others.size} more subject(s) qualified: a review to merge them`,
    );
    await manager.query(
      `INSERT INTO identity_reviews (kind, subject_id, candidate_subject_ids, reason, score, evidence) VALUES ('SPLIT', $1, $2, $3, $4, $5::jsonb)`,
      [subjectId, [...others], split.reason, Math.max(...evidence.map((e) => e.probability)), JSON.stringify(evidence)],
    );
  }

  /**
   * Records a subject's identifiers and name keys so later messages find it. `identifiers`
   * may add what the record learnt otherwise (e.g. a notified passport), so it matches too.
   */
  async index(
    manager: EntityManager,
    subjectId: string,
    person: PersonClaim,
    names: { forenames: string; surname: string }[],
    identifiers: { scheme: string; value: string }[] = [],
  ): Promise<void> {
    const keys = [...identityKeys(person), ...identifiers];
    if (keys.length) {
      await manager.query(
        `INSERT INTO subject_identifiers (scheme, value, subject_id)
         SELECT s, v, $3 FROM unnest($1::text[], $2::text[]) AS t(s, v) ON CONFLICT DO NOTHING`,
        [keys.map((k) => k.scheme), keys.map((k) => k.value), subjectId],
      );
    }
    const nameKeys = [...new Set(names.map(nameKey))];
    await manager.query(
      `INSERT INTO subject_name_keys (subject_id, name_key, date_of_birth)
       SELECT $1, k, $3 FROM unnest($2::text[]) AS k ON CONFLICT DO NOTHING`,
      [subjectId, nameKeys, person.dateOfBirth],
    );
    const postcode = normalisePostcode(person.address?.postcode);
    await saveMatchProfile((sql, params) => manager.query(sql, params), subjectId, {
      names: [...names, { forenames: person.forenames, surname: person.surname }, ...person.aliases].map((n) => ({
        forenames: n.forenames,
        surname: n.surname,
      })),
      datesOfBirth: [person.dateOfBirth],
      ...(person.sex === 'M' || person.sex === 'F' ? { sex: person.sex } : {}),
      postcodes: postcode ? [postcode] : [],
    });
  }

  /** A scheme for which the subject already holds a different value (e.g. another PNC id). */
  private async conflictingIdentifier(
    manager: EntityManager,
    subjectId: string,
    keys: { scheme: string; value: string }[],
  ): Promise<string | null> {
    const singleValued = keys.filter((k) => SINGLE_VALUED.includes(k.scheme));
    if (!singleValued.length) return null;
    const rows: { scheme: string; value: string }[] = await manager.query(
      `SELECT scheme, value FROM subject_identifiers WHERE subject_id = $1 AND scheme = ANY($2)`,
      [subjectId, singleValued.map((k) => k.scheme)],
    );
    // A merged subject may hold two values of a scheme; holding the message's value is no clash.
    const holds = (k: { scheme: string; value: string }) =>
      rows.some((r) => r.scheme === k.scheme && r.value === k.value);
    const clash = rows.find((r) => singleValued.some((k) => k.scheme === r.scheme && k.value !== r.value && !holds(k)));
    return clash ? clash.scheme : null;
  }

  /** A new subject; when evidence pointed elsewhere, a review task lists the candidates (with scores and evidence) for a person to decide. */
  private async createSubject(manager: EntityManager, review?: ReviewTask): Promise<Resolution>;
  private async createSubject(manager: EntityManager, conflict: string, candidates: string[]): Promise<Resolution>;
  private async createSubject(
    manager: EntityManager,
    reviewOrConflict?: ReviewTask | string,
    candidates: string[] = [],
  ): Promise<Resolution> {
    const review: ReviewTask | undefined =
      typeof reviewOrConflict === 'string'
        ? { reason: reviewOrConflict, candidateSubjectIds: candidates, score: null, evidence: [] }
        : reviewOrConflict;
    const [row] = await manager.query(`INSERT INTO subjects (record) VALUES ('{}'::jsonb) RETURNING id`);
    if (review) {
      this.logger.warn(`New subject ${row.id} created instead of linking: ${review.reason}`);
      await manager.query(
        `INSERT INTO identity_reviews (subject_id, candidate_subject_ids, reason, score, evidence) VALUES ($1, $2, $3, $4, $5::jsonb)`,
        [
          row.id,
          review.candidateSubjectIds,
          review.reason,
          review.score,
          review.evidence.length ? JSON.stringify(review.evidence) : null,
        ],
      );
    }
    return { subjectId: row.id, isNew: true, basis: 'NEW_SUBJECT', ...(review ? { conflict: review.reason } : {}) };
  }
}
