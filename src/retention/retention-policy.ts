import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

/** The file, under the reference-data directory, that holds the retention periods. */
export const RETENTION_FILE = 'retention.yaml';

/** The kinds of record whose retention decides when a subject may be erased. */
export const RECORD_TYPES = ['registration', 'order', 'conviction', 'subject'] as const;
export type RecordType = (typeof RECORD_TYPES)[number];

export type RetentionPeriod = { kind: 'INDEFINITE' } | { kind: 'FIXED'; years: number; months: number };

export interface RetentionPolicy {
  source?: string;
  recordTypes: Record<RecordType, RetentionPeriod>;
  /** Kept at least until the person reaches this age. */
  keepUntilAge?: number;
}

class RetentionPolicyError extends Error {
  constructor(fileName: string, field: string, reason: string) {
    super(`Invalid reference data in ${fileName}: ${field}: ${reason}`);
    this.name = 'RetentionPolicyError';
  }
}

type Fail = (field: string, reason: string) => never;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

// Unknown keys are refused: a misspelt record type must not silently fall back to nothing.
function checkKeys(obj: Record<string, unknown>, allowed: readonly string[], field: string, fail: Fail): void {
  for (const key of Object.keys(obj)) {
    if (!allowed.includes(key)) fail(field ? `${field}.${key}` : key, `unknown field (allowed: ${allowed.join(', ')})`);
  }
}

function parsePeriod(value: unknown, field: string, fail: Fail): RetentionPeriod {
  if (value === 'INDEFINITE') return { kind: 'INDEFINITE' };
  const m = typeof value === 'string' ? /^P(?:(\d+)Y)?(?:(\d+)M)?$/.exec(value) : null;
  if (!m || (m[1] === undefined && m[2] === undefined)) {
    fail(field, `'${String(value)}' is not an ISO 8601 period in years and months (P10Y, P2Y6M) or INDEFINITE`);
  }
  const years = Number(m[1] ?? 0);
  const months = Number(m[2] ?? 0);
  if (months > 11) fail(field, `'${value}': write 12 months or more as years`);
  return { kind: 'FIXED', years, months };
}

/** Checks parsed YAML against the policy's shape; every record type must have a period. */
export function validateRetentionPolicy(data: unknown, fileName: string): RetentionPolicy {
  const fail: Fail = (field, reason) => {
    throw new RetentionPolicyError(fileName, field, reason);
  };
  if (!isPlainObject(data)) fail('(root)', 'must be a mapping with recordTypes');
  checkKeys(data, ['source', 'recordTypes', 'keepUntilAge'], '', fail);
  if (data.source !== undefined && typeof data.source !== 'string') fail('source', 'must be a string');
  const types = data.recordTypes;
  if (!isPlainObject(types)) fail('recordTypes', `must be a mapping of ${RECORD_TYPES.join(', ')} to a period`);
  checkKeys(types, RECORD_TYPES, 'recordTypes', fail);
  const recordTypes = {} as Record<RecordType, RetentionPeriod>;
  for (const type of RECORD_TYPES) {
    if (types[type] === undefined) fail(`recordTypes.${type}`, 'is missing: every record type needs a period');
    recordTypes[type] = parsePeriod(types[type], `recordTypes.${type}`, fail);
  }
  const policy: RetentionPolicy = { recordTypes };
  if (data.keepUntilAge !== undefined) {
    const age = data.keepUntilAge;
    if (typeof age !== 'number' || !Number.isInteger(age) || age < 1 || age > 150)
      fail('keepUntilAge', 'must be a whole number of years, 1-150');
    policy.keepUntilAge = age;
  }
  if (data.source !== undefined) policy.source = data.source;
  return policy;
}

export function parseRetentionPolicy(text: string, fileName: string): RetentionPolicy {
  let data: unknown;
  try {
    data = parse(text);
  } catch (err) {
    throw new RetentionPolicyError(fileName, '(yaml)', err instanceof Error ? err.message : String(err));
  }
  return validateRetentionPolicy(data, fileName);
}

/** Reads `<referenceDir>/retention.yaml`; throws (so the hub does not start) when it is missing or invalid. */
export function loadRetentionPolicy(referenceDir: string): RetentionPolicy {
  const fileName = join(referenceDir, RETENTION_FILE);
  let text: string;
  try {
    text = readFileSync(fileName, 'utf8');
  } catch (err) {
    throw new RetentionPolicyError(
      fileName,
      '(file)',
      `cannot be read: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  return parseRetentionPolicy(text, fileName);
}
