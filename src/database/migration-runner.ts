import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { HubEnvironment } from '../../config/environment';
import { sealUnkeyedChains } from '../audit/audit-chain-seal';
import { AuditKey } from '../audit/audit-key';
import { dataSourceOptions, postgresTls } from './data-source-options';
import { AuditRolesKeyedChain1766900000000 } from './migrations/1766900000000-audit-roles-keyed-chain';

/** Any constant: all hub processes agree on it. */
const MIGRATION_LOCK = 7_400_201;

/**
 * Applies pending migrations at start under a Postgres advisory lock, so an API and a worker
 * started together do not race (TypeORM takes no lock of its own). It runs on a connection of
 * its own as the migrating login (the schema's owner), before the hub's pool opens: the pool
 * acts as the app role (HUB_DB_APP_ROLE), which a migration creates and which may not UPDATE
 * the audit log.
 */
export async function runPendingMigrations(
  env: Pick<
    HubEnvironment,
    'migrationDatabaseUrl' | 'auditKeyFile' | 'production' | 'secretsKeyFile' | 'databaseCaFile'
  >,
): Promise<void> {
  const logger = new Logger('MigrationRunner');
  const dataSource = new DataSource({
    ...dataSourceOptions({
      databaseUrl: env.migrationDatabaseUrl,
      secretsKeyFile: env.secretsKeyFile,
      databaseCaFile: env.databaseCaFile,
    }),
    extra: { ...postgresTls(env), max: 2 },
  } as never);
  await dataSource.initialize();
  const runner = dataSource.createQueryRunner();
  try {
    await runner.connect();
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    if (applied.length) logger.log(`Applied migrations: ${applied.map((m) => m.name).join(', ')}`);
    // The chains written so far end on unkeyed rows: sealed now, once, while still under the lock.
    if (applied.some((m) => m.name === new AuditRolesKeyedChain1766900000000().name)) {
      const sealed = await sealUnkeyedChains(dataSource, new AuditKey(env));
      if (sealed.length) logger.log(`Audit chains keyed from here on: sealed chains ${sealed.join(', ')}`);
    }
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await runner.release();
    await dataSource.destroy();
  }
}
