import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { MATCH_MODEL, type ComparisonName, type MatchModel } from './scoring/match-model';
import type { MatchingSettings, TermFrequencies } from './scoring/matching-settings';

export const IDENTITY_MATCHING_FILE = 'identity-matching.yaml';
export const MATCHING_SETTINGS = Symbol('MATCHING_SETTINGS');

/** Validates the matching settings; every problem names its field. */
export function parseMatchingSettings(text: string, file: string): MatchingSettings {
  const fail = (field: string, reason: string): never => {
    throw new Error(`Invalid reference data in ${file}: ${field}: ${reason}`);
  };
  const raw = parse(text) as Record<string, unknown> | null;
  if (!raw || typeof raw !== 'object') return fail('(file)', 'must be a mapping');
  const unknown = Object.keys(raw).filter(
    (k) =>
      ![
        'priorWeight',
        'twinsWeight',
        'thresholds',
        'maxCandidates',
        'maxBlockSize',
        'trainedOn',
        'model',
        'termFrequencies',
      ].includes(k),
  );
  if (unknown.length) fail(unknown[0], 'unknown setting');
  const number = (field: string, value: unknown, min: number, max: number): number => {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max)
      fail(field, `must be a number from ${min} to ${max}`);
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
  const maxBlockSize = raw.maxBlockSize === undefined ? undefined : number('maxBlockSize', raw.maxBlockSize, 1, 100000);
  if (maxBlockSize !== undefined && !Number.isInteger(maxBlockSize)) fail('maxBlockSize', 'must be a whole number');
  const probability = (field: string, value: unknown) => {
    if (typeof value !== 'number' || !(value > 0 && value <= 1))
      fail(field, 'must be a probability above 0 and at most 1');
    return value as number;
  };
  const mapping = (field: string, value: unknown): Record<string, unknown> => {
    if (!value || typeof value !== 'object' || Array.isArray(value)) fail(field, 'must be a mapping');
    return value as Record<string, unknown>;
  };
  // An estimated model must give m and u for every level the comparisons can reach.
  let model: MatchModel | undefined;
  if (raw.model !== undefined) {
    const given = mapping('model', raw.model);
    model = Object.fromEntries(
      (Object.keys(MATCH_MODEL) as ComparisonName[]).map((c) => {
        const levels = mapping(`model.${c}`, given[c]);
        return [
          c,
          Object.fromEntries(
            Object.keys(MATCH_MODEL[c]).map((l) => {
              const mu = mapping(`model.${c}.${l}`, levels[l]);
              return [l, { m: probability(`model.${c}.${l}.m`, mu.m), u: probability(`model.${c}.${l}.u`, mu.u) }];
            }),
          ),
        ];
      }),
    ) as MatchModel;
  }
  let termFrequencies: TermFrequencies | undefined;
  if (raw.termFrequencies !== undefined) {
    const tf = mapping('termFrequencies', raw.termFrequencies);
    const table = (field: 'forename' | 'surname') =>
      new Map(
        Object.entries(mapping(`termFrequencies.${field}`, tf[field])).map(([name, f]) => [
          name,
          probability(`termFrequencies.${field}.${name}`, f),
        ]),
      );
    termFrequencies = {
      floor: probability('termFrequencies.floor', tf.floor),
      forename: table('forename'),
      surname: table('surname'),
    };
  }
  return {
    priorWeight: number('priorWeight', raw.priorWeight, -60, 0),
    twinsWeight: number('twinsWeight', raw.twinsWeight, -60, 0),
    linkThreshold,
    reviewThreshold,
    maxCandidates,
    ...(maxBlockSize !== undefined ? { maxBlockSize } : {}),
    ...(model ? { model } : {}),
    ...(termFrequencies ? { termFrequencies } : {}),
  };
}

/** Reads `<referenceDir>/identity-matching.yaml`; throws (so the hub does not start) when missing or invalid. */
export function loadMatchingSettings(referenceDir: string): MatchingSettings {
  const file = join(referenceDir, IDENTITY_MATCHING_FILE);
  return parseMatchingSettings(readFileSync(file, 'utf8'), file);
}
