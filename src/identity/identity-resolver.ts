import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { PersonClaim } from '../canonical/commands';
import { nameKey } from '../subjects/name-key';

/** How a message's person was tied to a subject; carried so recipients can weigh the link. */
export type LinkBasis = 'IDENTIFIER' | 'NAME_AND_DATE_OF_BIRTH' | 'NEW_SUBJECT' | 'WATCHLIST_REFERENCE';

export interface Resolution {
  subjectId: string;
  isNew: boolean;
  basis: LinkBasis;
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
/** Schemes a person has one value of: a subject holding another value is a different person. */
const SINGLE_VALUED = ['PNC', 'CRO', 'CRN', 'NOMS', 'NINO'];

function precedence(scheme: string): number {
  const i = PRECEDENCE.indexOf(scheme);
  return i >= 0 ? i : PRECEDENCE.length;
}

/** Identity keys: the public identifier schemes plus each source's own reference, in precedence order. */
export function identityKeys(person: PersonClaim): { scheme: string; value: string }[] {
  const keys: { scheme: string; value: string }[] = person.identifiers.map((i) => ({ scheme: i.scheme, value: i.value }));
  if (person.sourceReference) keys.push({ scheme: person.sourceReference.source, value: person.sourceReference.value });
  return keys.sort((a, b) => precedence(a.scheme) - precedence(b.scheme));
}

/**
 * Deterministic identity: identifiers first (PNC, CRO, CRN, NOMS, passport and the source's own
 * reference), then exact normalised name + date of birth when exactly one subject has them.
 * Never merges on a guess: conflicting or ambiguous evidence makes a new subject and a review
 * task listing the candidates (GET /v1/admin/identity/reviews).
 */
@Injectable()
export class IdentityResolver {
  private readonly logger = new Logger(IdentityResolver.name);

  async resolve(manager: EntityManager, person: PersonClaim): Promise<Resolution> {
    const keys = identityKeys(person);
    const personNameKey = nameKey(person);
    // Serialise concurrent messages about the same person so they cannot create two subjects.
    const lockKeys = [...keys.map((k) => `${k.scheme}:${k.value}`), `NAME:${personNameKey}:${person.dateOfBirth}`].sort();
    for (const lock of lockKeys) await manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [lock]);

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
      const which = [...new Set(matched.map((m) => m.scheme))].join(', ');
      return this.createSubject(manager, `identifiers point at different subjects (${which})`, subjectIds);
    }
    if (subjectIds.length === 1) {
      const conflict = await this.conflictingIdentifier(manager, subjectIds[0], keys);
      if (!conflict) return { subjectId: subjectIds[0], isNew: false, basis: 'IDENTIFIER', linkedBy: matched[0].scheme };
      return this.createSubject(manager, `the subject matching by ${matched[0].scheme} holds a different ${conflict} than the message`, subjectIds);
    }

    const candidates: { subject_id: string }[] = await manager.query(
      `SELECT DISTINCT subject_id FROM subject_name_keys WHERE name_key = $1 AND date_of_birth = $2`,
      [personNameKey, person.dateOfBirth],
    );
    if (candidates.length > 1) return this.createSubject(manager, 'several subjects share this name and date of birth', candidates.map((c) => c.subject_id));
    if (candidates.length === 1) {
      const conflict = await this.conflictingIdentifier(manager, candidates[0].subject_id, keys);
      if (!conflict) return { subjectId: candidates[0].subject_id, isNew: false, basis: 'NAME_AND_DATE_OF_BIRTH' };
      return this.createSubject(manager, `the one subject with this name and date of birth holds a different ${conflict}`, [candidates[0].subject_id]);
    }
    return this.createSubject(manager);
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
  }

  /** A scheme for which the subject already holds a different value (e.g. another PNC id). */
  private async conflictingIdentifier(manager: EntityManager, subjectId: string, keys: { scheme: string; value: string }[]): Promise<string | null> {
    const singleValued = keys.filter((k) => SINGLE_VALUED.includes(k.scheme));
    if (!singleValued.length) return null;
    const rows: { scheme: string; value: string }[] = await manager.query(
      `SELECT scheme, value FROM subject_identifiers WHERE subject_id = $1 AND scheme = ANY($2)`,
      [subjectId, singleValued.map((k) => k.scheme)],
    );
    const clash = rows.find((r) => singleValued.some((k) => k.scheme === r.scheme && k.value !== r.value));
    return clash ? clash.scheme : null;
  }

  /** A new subject; when evidence pointed elsewhere, a review task lists the candidates for a person to decide. */
  private async createSubject(manager: EntityManager, conflict?: string, candidates: string[] = []): Promise<Resolution> {
    const [row] = await manager.query(`INSERT INTO subjects (record) VALUES ('{}'::jsonb) RETURNING id`);
    if (conflict) {
      this.logger.warn(`New subject ${row.id} created instead of linking: ${conflict}`);
      await manager.query(`INSERT INTO identity_reviews (subject_id, candidate_subject_ids, reason) VALUES ($1, $2, $3)`, [row.id, candidates, conflict]);
    }
    return { subjectId: row.id, isNew: true, basis: 'NEW_SUBJECT', ...(conflict ? { conflict } : {}) };
  }
}
