import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { dataSourceOptions, poolSettings } from './data-source-options';

const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

describe('the Postgres pool from the environment', () => {
  it('applies the pool size and the statement timeout to real connections', async () => {
    const ds = new DataSource({
      ...dataSourceOptions({ databaseUrl: url, databasePoolSize: 3, databaseStatementTimeoutMs: 300 }),
      migrations: [],
    } as never);
    await ds.initialize();
    try {
      expect((ds.driver as unknown as { master: { options: { max: number } } }).master.options.max).toBe(3);
      expect(await ds.query('SHOW statement_timeout')).toEqual([{ statement_timeout: '300ms' }]);
      await expect(ds.query('SELECT pg_sleep(2)')).rejects.toMatchObject({ driverError: { code: '57014' } }); // query_canceled
    } finally {
      await ds.destroy();
    }
  });

  it('verifies the server certificate against the CA file when one is given; no TLS settings otherwise', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hub-ca-'));
    try {
      const ca = join(dir, 'ca.pem');
      writeFileSync(ca, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
      expect(poolSettings({ databaseUrl: url, databaseCaFile: ca })).toMatchObject({
        ssl: { ca: expect.stringContaining('BEGIN CERTIFICATE'), rejectUnauthorized: true },
      });
      expect(poolSettings({ databaseUrl: url })).not.toHaveProperty('ssl');
      expect(() => poolSettings({ databaseUrl: url, databaseCaFile: join(dir, 'missing.pem') })).toThrow(/ENOENT/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
