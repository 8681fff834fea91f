import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { MatchingSettings } from './scoring/matching-settings';

export const IDENTITY_MATCHING_FILE = 'identity-matching.yaml';
export const MATCHING_SETTINGS = Symbol('MATCHING_SETTINGS');

/** Validates the matching settings; every problem names its field. */
export function parseMatchingSettings(text: string, file: string): MatchingSettings {
  const fail = (field: string, reason: string): never => {
    throw new Error(`Invalid reference data in ${file}: ${field}: ${reason}`);
  };
  const raw = parse(text) as Record<string, unknown> | null;
  if (!raw || typeof raw !== 'object') return fail('(file)', 'must be a mapping');
  const unknown = Object.keys(raw).filter((k) => !['priorWeight', 'twinsWeight', 'thresholds', 'maxCandidates'].includes(k));
  if (unknown.length) fail(unknown[0], 'unknown setting');
  const number = (field: string, value: unknown, min: number, max: number): number => {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) fail(field, `must be a number from ${min} to ${max}`);
    return value as number;
  };
  const thresholds = raw.thresholds as Record<string, unknown> | undefined;
  if (!thresholds || typeof thresholds !== 'object') fail('thresholds', 'must be a mapping with link and review');
  // A link threshold below one half would link on evidence that leans against the match.
  const linkThreshold = number('thresholds.link', thresholds!.link, 0.5, 1);
  const reviewThreshold = number('thresholds.review', thresholds!.review, 0, 1);
  if (reviewThreshold > linkThreshold) fail('thresholds.review', 'must not be above thresholds.link');
  const maxCandidates = number('maxCandidates', raw.maxCandidates, 1, 5000);
  if (!Number.isInteger(maxCandidates)) fail('maxCandidates', 'must be a whole number');
  return {
    priorWeight: number('priorWeight', raw.priorWeight, -60, 0),
    twinsWeight: number('twinsWeight', raw.twinsWeight, -60, 0),
    linkThreshold,
    reviewThreshold,
    maxCandidates,
  };
}

/** Reads `<referenceDir>/identity-matching.yaml`; throws (so the hub does not start) when missing or invalid. */
export function loadMatchingSettings(referenceDir: string): MatchingSettings {
  const file = join(referenceDir, IDENTITY_MATCHING_FILE);
  return parseMatchingSettings(readFileSync(file, 'utf8'), file);
}
