import { resolve } from 'node:path';
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
import { AuditRolesKeyedChain1766900000000 } from './migrations/1766900000000-audit-roles-keyed-chain';

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
  AuditRolesKeyedChain1766900000000,
];

/**
 * One data source definition for the app and the TypeORM CLI. Never synchronize. With `appRole`
 * every connection acts as that role from its start (the `role` setting in the startup packet,
 * the same as SET ROLE), so the hub runs with the app's grants, not the owner's (see the
 * AuditRolesKeyedChain migration).
 */
export function dataSourceOptions(
  env: Pick<HubEnvironment, 'databaseUrl'> & Partial<Pick<HubEnvironment, 'secretsKeyFile'>> & { appRole?: string | null },
): DataSourceOptions {
  return {
    type: 'postgres',
    url: env.databaseUrl,
    synchronize: false,
    migrationsRun: false, // run under an advisory lock by MigrationRunner instead
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    installExtensions: false,
    uuidExtension: 'pgcrypto',
    extra: { max: 20, ...(env.appRole ? { options: `-c role=${env.appRole}` } : {}) },
    // Read by the migration that seals stored webhook secrets (it imports no application code).
    hubSecretsKeyFile: env.secretsKeyFile ?? resolve(GENERATED_SECRETS_KEY_FILE),
  } as DataSourceOptions;
}
