import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

export const POSTCODE_AREAS_FILE = 'postcode-areas.yaml';

/** The force and probation region a postcode district lies in. */
export interface DistrictAreas {
  force: string;
  probationRegion: string;
}

/** Reference data responsibility is placed with (config/reference/postcode-areas.yaml). */
export interface ResponsibilityReference {
  /** By postcode district (LS1) or postcode area (LS). */
  districts: Map<string, DistrictAreas>;
  /** Probation provider code → probation region code. */
  probationProviders: Map<string, string>;
}

export const EMPTY_RESPONSIBILITY_REFERENCE: ResponsibilityReference = {
  districts: new Map(),
  probationProviders: new Map(),
};

const AREA_CODE = /^[A-Z]{2,4}$/;

/** Loads and validates the file; a bad entry stops the hub, naming it. */
export function loadResponsibilityReference(referenceDir: string): ResponsibilityReference {
  const file = join(referenceDir, POSTCODE_AREAS_FILE);
  const fail = (field: string, reason: string): never => {
    throw new Error(`Invalid reference data in ${file}: ${field}: ${reason}`);
  };
  const raw = parse(readFileSync(file, 'utf8')) as {
    districts?: Record<string, unknown>;
    probationProviders?: Record<string, unknown>;
  };
  if (!raw?.districts || typeof raw.districts !== 'object')
    fail('districts', 'must be a mapping of postcode districts');
  const districts = new Map<string, DistrictAreas>();
  for (const [key, value] of Object.entries(raw.districts!)) {
    if (!/^[A-Z]{1,2}(\d[A-Z\d]?)?$/.test(key))
      fail(`districts.${key}`, 'must be a postcode district (LS1) or area (LS)');
    const v = value as Record<string, unknown> | null;
    if (typeof v?.force !== 'string' || !AREA_CODE.test(v.force))
      fail(`districts.${key}.force`, 'must be a police force code such as WYP');
    if (typeof v?.probationRegion !== 'string' || !AREA_CODE.test(v.probationRegion))
      fail(`districts.${key}.probationRegion`, 'must be a probation region code');
    districts.set(key, { force: v!.force as string, probationRegion: v!.probationRegion as string });
  }
  const probationProviders = new Map<string, string>();
  for (const [code, region] of Object.entries(raw.probationProviders ?? {})) {
    if (typeof region !== 'string' || !AREA_CODE.test(region))
      fail(`probationProviders.${code}`, 'must be a probation region code');
    probationProviders.set(code, region as string);
  }
  return { districts, probationProviders };
}

/** The areas a postcode lies in (force first), or none when its district is not in the table. */
export function areasOfPostcode(reference: ResponsibilityReference, postcode: string | undefined): string[] {
  const compact = (postcode ?? '').replace(/\s+/g, '').toUpperCase();
  // The outward code is everything before the 3-character inward code (LS1 4AP → LS1).
  if (compact.length < 5) return [];
  const district = compact.slice(0, -3);
  const found = reference.districts.get(district) ?? reference.districts.get(district.replace(/\d.*$/, ''));
  return found ? [...new Set([found.force, found.probationRegion])] : [];
}
