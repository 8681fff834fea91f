import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { DestinationStream } from 'pino';
import { stringify } from 'yaml';
import { loadEnvironment, type HubEnvironment } from '../../config/environment';
import { createHubApp } from '../../src/bootstrap';
import { mintToken, newAgencyKey, type AgencyKey, type TokenOptions } from './agency-keys';

export interface AgencySpec {
  id: string;
  kind: string;
  areas: string[];
  scopes?: string[];
}

/** Parties of the test world: West Yorkshire courts, police and probation, plus outsiders. */
export const DEFAULT_AGENCIES: AgencySpec[] = [
  { id: 'court.leeds-crown', kind: 'COURT', areas: ['WYP'] },
  { id: 'court.leeds-magistrates', kind: 'COURT', areas: ['WYP'] },
  { id: 'court.leeds-youth', kind: 'COURT', areas: ['WYP'] },
  { id: 'police.west-yorkshire', kind: 'POLICE', areas: ['WYP'] },
  { id: 'police.metropolitan', kind: 'POLICE', areas: ['MPS'] },
  { id: 'probation.yorkshire', kind: 'PROBATION', areas: ['WYP'] },
  { id: 'prison.leeds', kind: 'PRISON', areas: ['WYP'] },
  { id: 'dtc.leeds-city-housing', kind: 'DUTY_TO_COOPERATE', areas: ['WYP'] },
  { id: 'hub.operators', kind: 'HUB_OPERATOR', areas: [] },
];

const COURT_EVENTS = [
  'subject.created',
  'subject.details.changed',
  'conviction.recorded',
  'registration.started',
  'registration.changed',
  'order.made',
  'order.varied',
  'order.discharged',
];

/**
 * Police get the address; probation's agreement deliberately leaves it out, so the tests can
 * prove a field outside an agreement never reaches its recipient.
 */
export const DEFAULT_AGREEMENTS: Record<string, unknown>[] = [
  {
    id: 'DSA-TEST-POLICE',
    title: 'Court outcomes to West Yorkshire Police',
    status: 'active',
    validFrom: '2026-01-01',
    reviewBy: '2099-01-01',
    validTo: '2099-12-31',
    recipients: ['police.west-yorkshire'],
    purpose: 'MAPPA_RISK_MANAGEMENT',
    lawfulBasis: 'Criminal Justice Act 2003 s.325',
    eventTypes: COURT_EVENTS,
    conditions: { areas: ['WYP'], mappaCategories: [1, 2, 3, 4] },
    fields: [
      'subject.names',
      'subject.dateOfBirth',
      'subject.identifiers',
      'subject.address',
      'conviction',
      'registration',
      'order',
    ],
    classification: 'OFFICIAL-SENSITIVE',
  },
  {
    id: 'DSA-TEST-PROBATION',
    title: 'Court outcomes to Yorkshire probation, without addresses',
    status: 'active',
    validFrom: '2026-01-01',
    validTo: '2099-12-31',
    recipients: ['probation.yorkshire'],
    purpose: 'OFFENDER_SUPERVISION',
    lawfulBasis: 'Offender Management Act 2007 s.14',
    eventTypes: COURT_EVENTS,
    conditions: { areas: ['WYP'] },
    fields: ['subject.names', 'subject.dateOfBirth', 'conviction', 'registration', 'order'],
    classification: 'OFFICIAL-SENSITIVE',
  },
];

/** HM Passport Office as an agency, and the watchlist agreement with it (for the tests of lodging and hits). */
export const HMPO_AGENCY: AgencySpec = { id: 'hmpo', kind: 'HMPO', areas: [] };
export const HMPO_AGREEMENT: Record<string, unknown> = {
  id: 'DSA-TEST-HMPO',
  title: 'Passport watchlist with HM Passport Office',
  status: 'active',
  validFrom: '2026-01-01',
  recipients: ['hmpo'],
  purpose: 'PASSPORT_CONTROL',
  lawfulBasis: 'Sentencing Act 2020 s.348',
  eventTypes: ['watchlist.entry.lodged', 'watchlist.entry.withdrawn'],
  fields: ['subject.names', 'subject.dateOfBirth', 'watchlist'],
  classification: 'OFFICIAL-SENSITIVE',
};

export interface TestHub {
  url: string;
  app: NestFastifyApplication;
  env: HubEnvironment;
  db: pg.Pool;
  token(agencyId: string, options?: Partial<TokenOptions>): Promise<string>;
  keys: Map<string, AgencyKey>;
  close(): Promise<void>;
}

const DEFAULT_SCOPE: Record<string, string> = {
  COURT: 'inbound:write',
  POLICE: 'subjects:read subscriptions:write feed:read',
  PROBATION: 'subjects:read subscriptions:write feed:read',
  PRISON: 'subjects:read subscriptions:write feed:read',
  MAPPA_UNIT: 'inbound:write',
  DUTY_TO_COOPERATE: 'subscriptions:write feed:read',
  HUB_OPERATOR: 'admin audit:read',
};

/**
 * A real hub on a real port: its own throwaway Postgres database, its own Redis key prefix,
 * its own agencies (fresh keys) and agreements in a temporary config directory.
 */
export async function startTestHub(
  options: {
    agencies?: AgencySpec[];
    agreements?: Record<string, unknown>[];
    env?: Record<string, string>;
    logStream?: DestinationStream;
  } = {},
): Promise<TestHub> {
  const agencies = options.agencies ?? DEFAULT_AGENCIES;
  const configDir = mkdtempSync(join(tmpdir(), 'hub-config-'));
  mkdirSync(join(configDir, 'agencies'));
  mkdirSync(join(configDir, 'agreements'));
  mkdirSync(join(configDir, 'jwks'));
  const keys = new Map<string, AgencyKey>();
  for (const a of agencies) {
    const key = await newAgencyKey(`${a.id}-1`);
    keys.set(a.id, key);
    writeFileSync(join(configDir, 'jwks', `${a.id}.json`), JSON.stringify({ keys: [key.publicJwk] }));
    writeFileSync(
      join(configDir, 'agencies', `${a.id}.yaml`),
      stringify({
        id: a.id,
        name: a.id,
        kind: a.kind,
        areas: a.areas,
        jwks: `../jwks/${a.id}.json`,
        ...(a.scopes ? { scopes: a.scopes } : {}),
      }),
    );
  }
  for (const agreement of options.agreements ?? DEFAULT_AGREEMENTS) {
    writeFileSync(join(configDir, 'agreements', `${agreement.id}.yaml`), stringify(agreement));
  }

  const adminUrl =
    process.env.HUB_TEST_ADMIN_DATABASE_URL ??
    process.env.DATABASE_URL ??
    'postgres://postgres@127.0.0.1:5432/postgres';
  const database = `hub_test_${process.env.HUB_TEST_RUN ?? 'adhoc'}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${database}"`);
  await admin.end();
  const databaseUrl = new URL(adminUrl);
  databaseUrl.pathname = `/${database}`;

  const env = loadEnvironment({
    DATABASE_URL: databaseUrl.href,
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    HUB_REDIS_PREFIX: `t-${database.slice(-8)}`,
    HUB_CONFIG_DIR: configDir,
    HUB_REFERENCE_DIR: 'config/reference',
    HUB_SIGNING_KEY_FILE: writeSigningKey(configDir),
    HUB_AUDIT_KEY_FILE: writeAuditKey(configDir),
    // The hub acts as the restricted app role (the default, stated so the suite proves it works).
    HUB_DB_APP_ROLE: 'hub_app',
    HUB_SECRETS_KEY_FILE: writeSecretsKey(configDir),
    HUB_ALLOW_INSECURE_WEBHOOKS: 'true',
    HUB_RETRY_SCHEDULE: '200ms,200ms,200ms',
    HUB_WEBHOOK_TIMEOUT_MS: '2000',
    HUB_RELAY_INTERVAL_MS: '50',
    LOG_LEVEL: process.env.HUB_TEST_LOGS === '1' ? 'info' : 'warn',
    PORT: '0',
    ...options.env,
  });
  const app = await createHubApp(env, { logger: process.env.HUB_TEST_LOGS === '1', logStream: options.logStream });
  await app.listen({ port: env.port, host: '127.0.0.1' });
  const address = app.getHttpServer().address() as { port: number };
  const db = new pg.Pool({ connectionString: env.databaseUrl, max: 2 });
  const kinds = new Map(agencies.map((a) => [a.id, a.kind]));

  return {
    url: `http://127.0.0.1:${address.port}`,
    app,
    env,
    db,
    keys,
    token: (agencyId, o = {}) =>
      mintToken(agencyId, keys.get(agencyId)!, { scope: DEFAULT_SCOPE[kinds.get(agencyId)!] ?? '', ...o }),
    async close() {
      await app.close();
      await db.end();
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      // A pool client that is still closing would be killed by FORCE and throw an unhandled
      // 'error'; give the hub's own connections a moment to leave first.
      for (let i = 0; i < 50; i++) {
        const { rows } = await c.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1`, [
          database,
        ]);
        if (rows[0].n === 0) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      await c.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
      await c.end();
      rmSync(configDir, { recursive: true, force: true });
    },
  };
}

/** Each test hub seals webhook secrets with its own AES-256 key. */
function writeSecretsKey(configDir: string): string {
  const file = join(configDir, 'hub-secrets-key');
  writeFileSync(file, randomBytes(32).toString('base64'));
  return file;
}

/** Each test hub signs with its own ed25519 key. */
function writeSigningKey(configDir: string): string {
  const file = join(configDir, 'hub-signing-key.json');
  const { privateKey } = generateKeyPairSync('ed25519');
  writeFileSync(file, JSON.stringify({ ...privateKey.export({ format: 'jwk' }), kid: 'test-hub-key' }));
  return file;
}

/** Each test hub keys its audit chain with its own secret. */
function writeAuditKey(configDir: string): string {
  const file = join(configDir, 'hub-audit-key');
  writeFileSync(file, randomBytes(32).toString('base64'));
  return file;
}
