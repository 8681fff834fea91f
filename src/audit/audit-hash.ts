import canonicalize from 'canonicalize';
import { createHash, createHmac } from 'node:crypto';

/**
 * The hash of one audit row, shared by the writer (AuditLog), the verifier and the bench, so
 * the three can never disagree about what a row's hash covers.
 *
 *   personalDigest = sha256(salt ‖ JCS({ subjectId, justification }))
 *   hash (v2)      = HMAC-SHA256(auditKey, prevHash ‖ JCS({ v: 2, chain, seq, at, action, ..., details, personalDigest }))
 *   hash (v1)      = sha256(prevHash ‖ JCS({ v: 1, ... }))   rows written before the chain was keyed
 *
 * JCS is RFC 8785 canonical JSON (the `canonicalize` package, by one of the RFC's authors), so
 * the bytes hashed do not depend on key order or number formatting. The personal fields enter
 * the chain only through their digest: erasure can remove them (and the salt, so the digest
 * cannot be tested against a guessed subject) and every hash still verifies. The row id is not
 * covered: it is only a storage key; (chain, seq) is the row's position and is covered.
 *
 * v2 is keyed with a secret kept outside the database (HUB_AUDIT_KEY_FILE), so whoever holds
 * only the database cannot append a row, or re-hash an edited one, that verifies. v1 (unkeyed)
 * is only ever read: rows written before the key existed.
 */
export const UNKEYED_HASH_VERSION = 1;
export const KEYED_HASH_VERSION = 2;

/** prev_hash of the first row of every chain. */
export const GENESIS_HASH = Buffer.alloc(32);

/** The chained, never-erased part of a row. */
export interface ChainedFields {
  chain: number;
  seq: number;
  /** RFC 3339 UTC with microseconds, exactly as Postgres formats the stored `at`. */
  at: string;
  action: string;
  operation: string;
  agencyId: string;
  actorSub: string;
  agreementIds: string[];
  recipients: string[];
  correlationId: string | null;
  details: Record<string, unknown>;
}

/** The erasable part of a row. */
export interface PersonalFields {
  subjectId: string | null;
  justification: string | null;
}

export function personalDigest(salt: Buffer, personal: PersonalFields): Buffer {
  const json = canonicalize({ subjectId: personal.subjectId, justification: personal.justification })!;
  return createHash('sha256').update(salt).update(json, 'utf8').digest();
}

/** The row's hash: HMAC-SHA256 under `auditKey` (v2); without a key, the unkeyed v1 of older rows. */
export function rowHash(prevHash: Buffer, row: ChainedFields, digest: Buffer, auditKey?: Buffer): Buffer {
  const json = canonicalize({
    v: auditKey ? KEYED_HASH_VERSION : UNKEYED_HASH_VERSION,
    chain: row.chain,
    seq: row.seq,
    at: row.at,
    action: row.action,
    operation: row.operation,
    agencyId: row.agencyId,
    actorSub: row.actorSub,
    agreementIds: row.agreementIds,
    recipients: row.recipients,
    correlationId: row.correlationId,
    details: row.details,
    personalDigest: digest.toString('hex'),
  })!;
  const mac = auditKey ? createHmac('sha256', auditKey) : createHash('sha256');
  return mac.update(prevHash).update(json, 'utf8').digest();
}

/**
 * `details` as jsonb will give it back: undefined members dropped, dates as strings. Hashing
 * this form (not the caller's object) keeps writer and verifier on the same bytes.
 */
export function storedDetails(details: Record<string, unknown> | undefined): Record<string, unknown> {
  return JSON.parse(JSON.stringify(details ?? {}));
}

/** A timestamptz expression rendered as `at` is hashed: UTC, always six fractional digits. */
export function utcMicrosSql(expression: string): string {
  return `to_char((${expression}) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}
