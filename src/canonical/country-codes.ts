/** ISO 3166-1 alpha-2 codes the hub accepts as destinations and prohibited countries, with their names (reference data). */
export type CountryCodes = ReadonlyMap<string, string>;

/** Whether a well-formed two-letter code is not one ISO 3166-1 assigned (malformed codes are the DTO's to name). */
export function isUnknownCountry(code: unknown, countries: CountryCodes): boolean {
  return typeof code === 'string' && /^[A-Z]{2}$/.test(code) && !countries.has(code);
}

export const UNKNOWN_COUNTRY =
  'is not an ISO 3166-1 alpha-2 country code the hub knows (config/reference/countries.yaml)';
