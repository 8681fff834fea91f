import pg from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source-options';

/**
 * A throwaway database for a migration test: created empty, migrated to any point of the
 * migration list (`migrateTo`), dropped at the end. `tag` names it in the run's database list.
 */
export function migrationDatabase(tag: string) {
  const adminUrl =
    process.env.HUB_TEST_ADMIN_DATABASE_URL ??
    process.env.DATABASE_URL ??
    'postgres://postgres@127.0.0.1:5432/postgres';
  const database = `hub_test_${process.env.HUB_TEST_RUN ?? 'adhoc'}_${tag}_${Math.random().toString(36).slice(2, 8)}`;
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  const admin = async (sql: string) => {
    const c = new pg.Client({ connectionString: adminUrl });
    await c.connect();
    await c.query(sql);
    await c.end();
  };
  return {
    create: () => admin(`CREATE DATABASE "${database}"`),
    drop: () => admin(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`),
    /** Connects with exactly these migrations applied (in order, each in its own transaction). */
    migrateTo: async (migrations: unknown[]) => {
      const ds = new DataSource({ ...dataSourceOptions({ databaseUrl: url.href }), migrations } as never);
      await ds.initialize();
      await ds.runMigrations({ transaction: 'each' });
      return ds;
    },
  };
}
