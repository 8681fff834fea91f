import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { CountryCodes } from '../canonical/country-codes';

export type { CountryCodes };

export const COUNTRIES_FILE = 'countries.yaml';

/** Loads config/reference/countries.yaml; a bad entry stops the hub, naming it. */
export function loadCountries(referenceDir: string): CountryCodes {
  const file = join(referenceDir, COUNTRIES_FILE);
  const raw = parse(readFileSync(file, 'utf8')) as { countries?: Record<string, unknown> } | null;
  if (!raw?.countries || typeof raw.countries !== 'object')
    throw new Error(`Invalid reference data in ${file}: countries: must be a mapping of codes to names`);
  const codes = new Map<string, string>();
  for (const [code, name] of Object.entries(raw.countries)) {
    if (!/^[A-Z]{2}$/.test(code))
      throw new Error(`Invalid reference data in ${file}: countries.${code}: must be an ISO 3166-1 alpha-2 code`);
    if (typeof name !== 'string' || !name)
      throw new Error(`Invalid reference data in ${file}: countries.${code}: must name the country`);
    codes.set(code, name);
  }
  return codes;
}
