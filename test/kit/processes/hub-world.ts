import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';
import { mintToken, newAgencyKey, type AgencyKey } from '../agency-keys';

export interface WorldAgency {
  id: string;
  kind: string;
  areas: string[];
  /** What its tokens ask for. */
  scope: string;
}

const COURT_EVENTS = [
  'subject.created',
  'subject.details.changed',
  'conviction.recorded',
  'registration.started',
  'order.made',
  'order.varied',
  'order.discharged',
];

/** A crown court sending, and three West Yorkshire agencies each entitled to every court event. */
export const THREE_WAY_AGENCIES: WorldAgency[] = [
  { id: 'court.leeds-crown', kind: 'COURT', areas: ['WYP'], scope: 'inbound:write' },
  { id: 'police.west-yorkshire', kind: 'POLICE', areas: ['WYP'], scope: 'subscriptions:write' },
  { id: 'probation.yorkshire', kind: 'PROBATION', areas: ['WYP'], scope: 'subscriptions:write' },
  { id: 'prison.hmp-leeds', kind: 'PRISON', areas: ['WYP'], scope: 'subscriptions:write' },
  { id: 'hub.operators', kind: 'HUB_OPERATOR', areas: [], scope: 'admin audit:read' },
];

export const RECIPIENTS = ['police.west-yorkshire', 'probation.yorkshire', 'prison.hmp-leeds'];

export function threeWayAgreements(): Record<string, unknown>[] {
  return RECIPIENTS.map((agency) => ({
    id: `DSA-WORLD-${agency.split('.')[0].toUpperCase()}`,
    title: `Court outcomes to ${agency}`,
    status: 'active',
    validFrom: '2026-01-01',
    validTo: '2099-12-31',
    recipients: [agency],
    purpose: 'PUBLIC_PROTECTION',
    lawfulBasis: 'Criminal Justice Act 2003 s.325',
    eventTypes: COURT_EVENTS,
    conditions: { areas: ['WYP'] },
    fields: ['subject.names', 'subject.dateOfBirth', 'conviction', 'registration', 'order'],
    classification: 'OFFICIAL-SENSITIVE',
  }));
}

/**
 * The parties of a hub run as separate processes: a config directory with agencies, their JWKS
 * and agreements, the hub's signing key, and the agencies' private keys to mint tokens with.
 */
export class HubWorld {
  readonly dir = mkdtempSync(join(tmpdir(), 'hub-world-'));
  private readonly keys = new Map<string, AgencyKey>();
  private readonly tokens = new Map<string, { token: string; until: number }>();

  constructor(
    readonly agencies: WorldAgency[] = THREE_WAY_AGENCIES,
    private readonly agreements: Record<string, unknown>[] = threeWayAgreements(),
  ) {}

  async create(): Promise<this> {
    for (const sub of ['agencies', 'agreements', 'jwks']) mkdirSync(join(this.dir, sub));
    for (const a of this.agencies) {
      const key = await newAgencyKey(`${a.id}-1`);
      this.keys.set(a.id, key);
      writeFileSync(join(this.dir, 'jwks', `${a.id}.json`), JSON.stringify({ keys: [key.publicJwk] }));
      writeFileSync(
        join(this.dir, 'agencies', `${a.id}.yaml`),
        stringify({ id: a.id, name: a.id, kind: a.kind, areas: a.areas, jwks: `../jwks/${a.id}.json` }),
      );
    }
    for (const agreement of this.agreements)
      writeFileSync(join(this.dir, 'agreements', `${agreement.id}.yaml`), stringify(agreement));
    const { privateKey } = generateKeyPairSync('ed25519');
    writeFileSync(
      join(this.dir, 'hub-signing-key.json'),
      JSON.stringify({ ...privateKey.export({ format: 'jwk' }), kid: 'world-hub-key' }),
    );
    return this;
  }

  /** The environment every hub process of this world shares. */
  env(): Record<string, string> {
    return {
      HUB_CONFIG_DIR: this.dir,
      HUB_REFERENCE_DIR: resolve('config/reference'),
      HUB_SIGNING_KEY_FILE: join(this.dir, 'hub-signing-key.json'),
      HUB_AUDIT_KEY_FILE: join(this.dir, 'hub-audit-key'),
      HUB_ALLOW_INSECURE_WEBHOOKS: 'true',
    };
  }

  /** A bearer token, reused for four of its five minutes (minting costs CPU the load generator needs). */
  async token(agencyId: string): Promise<string> {
    const cached = this.tokens.get(agencyId);
    if (cached && cached.until > Date.now()) return cached.token;
    const agency = this.agencies.find((a) => a.id === agencyId)!;
    const token = await mintToken(agencyId, this.keys.get(agencyId)!, {
      scope: agency.scope,
      sub: `system:${agencyId}:load`,
      expiresIn: 300,
    });
    this.tokens.set(agencyId, { token, until: Date.now() + 240_000 });
    return token;
  }

  destroy(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
