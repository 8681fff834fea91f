import { resolve } from 'node:path';
import { readFileSync } from 'node:fs';
import type { DataSourceOptions } from 'typeorm';
import { GENERATED_SECRETS_KEY_FILE, type HubEnvironment } from '../../config/environment';
import { InitialSchema1764000000000 } from './migrations/1764000000000-initial-schema';
import { AgreementsFeedAcknowledgements1764200000000 } from './migrations/1764200000000-agreements-feed-acknowledgements';
import { Deadlines1764300000000 } from './migrations/1764300000000-deadlines';
import { DataQualityFlags1764400000000 } from './migrations/1764400000000-data-quality-flags';
import { AuditHashChain1764500000000 } from './migrations/1764500000000-audit-hash-chain';
import { SubjectErasure1764500000001 } from './migrations/1764500000001-subject-erasure';
import { Checks1764600000000 } from './migrations/1764600000000-checks';
import { Watchlist1764700000000 } from './migrations/1764700000000-watchlist';
import { IdentityReviews1764800000000 } from './migrations/1764800000000-identity-reviews';
import { DeliveryReplays1764900000000 } from './migrations/1764900000000-delivery-replays';
import { IdentityScoring1765000000000 } from './migrations/1765000000000-identity-scoring';
import { IdentityMerges1765100000000 } from './migrations/1765100000000-identity-merges';
import { InboundBodyBytes1765300000000 } from './migrations/1765300000000-inbound-body-bytes';
import { WatchlistRelodge1765500000000 } from './migrations/1765500000000-watchlist-relodge';
import { ChecksTimeIndex1765600000000 } from './migrations/1765600000000-checks-time-index';
import { ConsoleSessions1765700000000 } from './migrations/1765700000000-console-sessions';
import { IdentitySplitReviews1765730000000 } from './migrations/1765730000000-identity-split-reviews';
import { ResponsibilityDerived1765740000000 } from './migrations/1765740000000-responsibility-derived';
import { SubscriptionSecretsSealed1765750000000 } from './migrations/1765750000000-subscription-secrets-sealed';
import { EventTraceContext1765760000000 } from './migrations/1765760000000-event-trace-context';
import { AuditRolesKeyedChain1766900000000 } from './migrations/1766900000000-audit-roles-keyed-chain';
import { WatchlistIdentity1766940000000 } from './migrations/1766940000000-watchlist-identity';
import { EventAreas1766950000000 } from './migrations/1766950000000-event-areas';
import { MappaVictimSections1767017000000 } from './migrations/1767017000000-mappa-victim-sections';
import { RiskPlanDeadlinesWithdrawn1767170000000 } from './migrations/1767170000000-risk-plan-deadlines-withdrawn';
import { SubscriptionSelfService1767200000000 } from './migrations/1767200000000-subscription-self-service';
import { OperationalEvents1767220000000 } from './migrations/1767220000000-operational-events';
import { BlockingKeysVersion1767240000000 } from './migrations/1767240000000-blocking-keys-version';
import { BulkImport1767250000000 } from './migrations/1767250000000-bulk-import';
import { TraceContextSubscriber } from '../tracing/trace-context.subscriber';

/** Migrations as class references (no globs: paths differ between ts-jest and dist/). */
export const MIGRATIONS = [
  InitialSchema1764000000000,
  AgreementsFeedAcknowledgements1764200000000,
  Deadlines1764300000000,
  DataQualityFlags1764400000000,
  AuditHashChain1764500000000,
  SubjectErasure1764500000001,
  Checks1764600000000,
  Watchlist1764700000000,
  IdentityReviews1764800000000,
  DeliveryReplays1764900000000,
  IdentityScoring1765000000000,
  IdentityMerges1765100000000,
  InboundBodyBytes1765300000000,
  WatchlistRelodge1765500000000,
  ChecksTimeIndex1765600000000,
  ConsoleSessions1765700000000,
  IdentitySplitReviews1765730000000,
  ResponsibilityDerived1765740000000,
  SubscriptionSecretsSealed1765750000000,
  EventTraceContext1765760000000,
  AuditRolesKeyedChain1766900000000,
  WatchlistIdentity1766940000000,
  EventAreas1766950000000,
  MappaVictimSections1767017000000,
  RiskPlanDeadlinesWithdrawn1767170000000,
  SubscriptionSelfService1767200000000,
  OperationalEvents1767220000000,
  BlockingKeysVersion1767240000000,
  BulkImport1767250000000,
];

type DatabaseSettings = Pick<HubEnvironment, 'databaseUrl'> &
  Partial<
    Pick<HubEnvironment, 'databasePoolSize' | 'databaseStatementTimeoutMs' | 'databaseCaFile' | 'secretsKeyFile'>
  >;

/**
 * The pg pool's settings: its size per process (pods × size must stay under the server's or
 * PgBouncer's limit), a statement timeout so one runaway query cannot hold a connection for
 * ever, and TLS verified against the managed service's CA when a CA file is given.
 */
export function poolSettings(env: DatabaseSettings): Record<string, unknown> {
  return {
    max: env.databasePoolSize ?? 20,
    ...(env.databaseStatementTimeoutMs ? { statement_timeout: env.databaseStatementTimeoutMs } : {}),
    ...postgresTls(env),
  };
}

/** TLS for any pg connection of the hub (the pool, the LISTEN client, the CLI). */
export function postgresTls(env: Pick<DatabaseSettings, 'databaseCaFile'>): {
  ssl?: { ca: string; rejectUnauthorized: true };
} {
  return env.databaseCaFile ? { ssl: { ca: readFileSync(env.databaseCaFile, 'utf8'), rejectUnauthorized: true } } : {};
}

/**
 * One data source definition for the app and the TypeORM CLI. Never synchronize. With `appRole`
 * every connection acts as that role from its start (the `role` setting in the startup packet,
 * the same as SET ROLE), so the hub runs with the app's grants, not the owner's (see the
 * AuditRolesKeyedChain migration).
 */
export function dataSourceOptions(env: DatabaseSettings & { appRole?: string | null }): DataSourceOptions {
  return {
    type: 'postgres',
    url: env.databaseUrl,
    synchronize: false,
    migrationsRun: false, // run under an advisory lock by MigrationRunner instead
    migrations: MIGRATIONS,
    subscribers: [TraceContextSubscriber],
    migrationsTableName: 'migrations',
    installExtensions: false,
    uuidExtension: 'pgcrypto',
    extra: { ...poolSettings(env), ...(env.appRole ? { options: `-c role=${env.appRole}` } : {}) },
    // Read by the migration that seals stored webhook secrets (it imports no application code).
    hubSecretsKeyFile: env.secretsKeyFile ?? resolve(GENERATED_SECRETS_KEY_FILE),
  } as DataSourceOptions;
}
