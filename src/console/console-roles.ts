import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { Scope } from '../auth/agency';

/** The console's roles: operators (`admin`) and audit readers (`audit:read`), as for agency tokens. */
export const CONSOLE_ROLES = ['admin', 'audit:read'] as const satisfies readonly Scope[];
export type ConsoleRole = (typeof CONSOLE_ROLES)[number];

/**
 * How the identity provider's claims give console roles (HUB_CONSOLE_ROLES_FILE), e.g.
 *   agency: hub.operators        # the HUB_OPERATOR agency the console's people act for
 *   claim: groups                # a string or array-of-strings claim of the ID token or userinfo
 *   roles:
 *     admin: [hub-operators]
 *     audit:read: [hub-auditors, hub-operators]
 * Nothing is granted by default: a person whose claim matches no value gets no role.
 */
export interface ConsoleRoleMapping {
  agency: string;
  claim: string;
  roles: Record<ConsoleRole, string[]>;
}

export function parseRoleMapping(file: string, raw: unknown): ConsoleRoleMapping {
  const problems: string[] = [];
  const r = (raw ?? {}) as Record<string, unknown>;
  const text = (name: string) => {
    const v = r[name];
    if (typeof v !== 'string' || !v.trim() || v.length > 200) problems.push(`${name}: must be a non-empty string`);
    return typeof v === 'string' ? v.trim() : '';
  };
  const agency = text('agency');
  const claim = text('claim');
  const given = (r.roles ?? {}) as Record<string, unknown>;
  if (typeof given !== 'object' || Array.isArray(given))
    problems.push('roles: must map console roles to lists of claim values');
  for (const key of Object.keys(given))
    if (!(CONSOLE_ROLES as readonly string[]).includes(key))
      problems.push(`roles.${key}: not a console role (${CONSOLE_ROLES.join(', ')})`);
  const roles = {} as Record<ConsoleRole, string[]>;
  for (const role of CONSOLE_ROLES) {
    const values = given[role] ?? [];
    if (!Array.isArray(values) || values.some((v) => typeof v !== 'string' || !v))
      problems.push(`roles.${role}: must be a list of claim values`);
    roles[role] = Array.isArray(values) ? values.filter((v): v is string => typeof v === 'string' && v !== '') : [];
  }
  if (problems.length) throw new Error(`Invalid console role mapping ${file}:\n  - ${problems.join('\n  - ')}`);
  return { agency, claim, roles };
}

export function readRoleMapping(file: string): ConsoleRoleMapping {
  let content: string;
  try {
    content = readFileSync(file, 'utf8');
  } catch (e) {
    throw new Error(
      `The console role mapping ${file} cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); it is needed when HUB_OIDC_ISSUER is set`,
      { cause: e },
    );
  }
  return parseRoleMapping(file, parse(content) as unknown);
}

/** The console roles a person's claims give them. */
export function rolesFromClaims(mapping: ConsoleRoleMapping, claims: Record<string, unknown>): ConsoleRole[] {
  const raw = claims[mapping.claim];
  const values = new Set(
    Array.isArray(raw) ? raw.filter((v) => typeof v === 'string') : typeof raw === 'string' ? [raw] : [],
  );
  return CONSOLE_ROLES.filter((role) => mapping.roles[role].some((v) => values.has(v)));
}
