import { Inject, Injectable, Logger } from '@nestjs/common';
import { createLocalJWKSet, createRemoteJWKSet, type JSONWebKeySet, type JWTVerifyGetKey } from 'jose';
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { HUB_ENVIRONMENT, type HubEnvironment } from '../../config/environment';
import { readYamlFolder } from '../common/yaml-files';
import { AGENCY_KINDS, DEFAULT_SCOPES, SCOPES, type Agency, type AgencyKind, type Scope } from './agency';
import { DEMO_PUBLIC_KEY_THUMBPRINTS } from './demo-public-keys';
import { jwkThumbprint } from './jwk-thumbprint';

const KNOWN_KEYS = new Set(['id', 'name', 'kind', 'areas', 'jwks', 'scopes']);

/** Parses one agency file; returns the agency or the list of what is wrong with it. */
export function parseAgency(
  file: string,
  raw: unknown,
  allowHttpJwks: boolean,
): { agency?: Agency; problems: string[]; unknownKeys: string[] } {
  const problems: string[] = [];
  if (!raw || typeof raw !== 'object' || Array.isArray(raw))
    return { problems: ['must be a mapping'], unknownKeys: [] };
  const r = raw as Record<string, unknown>;
  const isText = (v: unknown, max = 200): v is string => typeof v === 'string' && v.length > 0 && v.length <= max;
  if (!isText(r.id, 100) || !/^[a-z0-9][a-z0-9.-]*$/.test(r.id))
    problems.push('id: must be lower-case letters, digits, dots and hyphens');
  if (!isText(r.name)) problems.push('name: required text');
  if (!AGENCY_KINDS.includes(r.kind as AgencyKind)) problems.push(`kind: must be one of ${AGENCY_KINDS.join(', ')}`);
  const areas = r.areas ?? [];
  if (!Array.isArray(areas) || !areas.every((a) => isText(a, 20))) problems.push('areas: must be a list of area codes');
  let jwks = '';
  if (!isText(r.jwks, 2000)) problems.push('jwks: required (a file path or an https URL)');
  else if (/^https?:\/\//.test(r.jwks)) {
    if (r.jwks.startsWith('http:') && !allowHttpJwks)
      problems.push('jwks: must be https (http only with HUB_ALLOW_INSECURE_WEBHOOKS=true)');
    jwks = r.jwks;
  } else jwks = isAbsolute(r.jwks) ? r.jwks : resolve(dirname(file), r.jwks);
  let scopes: Scope[] = DEFAULT_SCOPES[r.kind as AgencyKind] ?? [];
  if (r.scopes !== undefined) {
    if (!Array.isArray(r.scopes) || !r.scopes.every((s) => SCOPES.includes(s as Scope))) {
      problems.push(`scopes: must be a list drawn from ${SCOPES.join(', ')}`);
    } else scopes = r.scopes as Scope[];
  }
  const unknownKeys = Object.keys(r).filter((k) => !KNOWN_KEYS.has(k));
  if (problems.length) return { problems, unknownKeys };
  return {
    agency: {
      id: r.id as string,
      name: r.name as string,
      kind: r.kind as AgencyKind,
      areas: areas as string[],
      jwks,
      scopes,
    },
    problems,
    unknownKeys,
  };
}

/** The parties the hub knows, from `<HUB_CONFIG_DIR>/agencies/*.yaml`, with their keys. */
@Injectable()
export class AgencyRegistry {
  private readonly logger = new Logger(AgencyRegistry.name);
  private readonly agencies = new Map<string, Agency>();
  private readonly keySets = new Map<string, JWTVerifyGetKey>();

  constructor(@Inject(HUB_ENVIRONMENT) env: HubEnvironment) {
    const problems: string[] = [];
    for (const { file, content } of readYamlFolder(join(env.configDir, 'agencies'))) {
      const parsed = parseAgency(file, content, env.allowInsecureWebhooks);
      problems.push(...parsed.problems.map((p) => `${file}: ${p}`));
      if (parsed.unknownKeys.length)
        this.logger.warn(`${file}: ignoring unknown keys ${parsed.unknownKeys.join(', ')}`);
      if (!parsed.agency) continue;
      if (this.agencies.has(parsed.agency.id)) problems.push(`${file}: id: ${parsed.agency.id} is defined twice`);
      try {
        const keys = readKeys(parsed.agency.jwks);
        if (!env.demo && keys.some(isDemoKey)) {
          problems.push(
            `${file}: jwks: holds a committed demo key, whose private half anyone with the repository has; demo parties load only with HUB_DEMO=true (never in production)`,
          );
        }
        this.keySets.set(
          parsed.agency.id,
          keys === REMOTE
            ? createRemoteJWKSet(new URL(parsed.agency.jwks), { timeoutDuration: 2000 })
            : createLocalJWKSet({ keys } as JSONWebKeySet),
        );
      } catch (e) {
        problems.push(`${file}: jwks: ${(e as Error).message}`);
      }
      this.agencies.set(parsed.agency.id, parsed.agency);
    }
    if (!this.agencies.size && !problems.length) {
      problems.push(
        `${join(env.configDir, 'agencies')}: no agencies. Set HUB_CONFIG_DIR to your parties' configuration (agencies/, agreements/), or HUB_DEMO=true for the demo parties`,
      );
    }
    if (problems.length) throw new Error(`Invalid agency configuration:\n  - ${problems.join('\n  - ')}`);
    this.logger.log(`Loaded ${this.agencies.size} agencies`);
  }

  find(id: string): Agency | undefined {
    return this.agencies.get(id);
  }

  all(): Agency[] {
    return [...this.agencies.values()];
  }

  keySet(id: string): JWTVerifyGetKey | undefined {
    return this.keySets.get(id);
  }
}

/** A remote JWKS is fetched when first needed, so it cannot be checked at start. */
const REMOTE: Record<string, unknown>[] = [];

function readKeys(jwks: string): Record<string, unknown>[] {
  if (/^https?:\/\//.test(jwks)) return REMOTE;
  const json = JSON.parse(readFileSync(jwks, 'utf8'));
  if (!json || !Array.isArray(json.keys)) throw new Error(`${jwks} is not a JWKS (no "keys" list)`);
  return json.keys;
}

function isDemoKey(jwk: Record<string, unknown>): boolean {
  const thumbprint = jwkThumbprint(jwk);
  return thumbprint !== undefined && DEMO_PUBLIC_KEY_THUMBPRINTS.has(thumbprint);
}
