import { MIGRATIONS } from '../../src/database/data-source-options';
import { migrationDatabase } from '../kit/migration-database';

/**
 * The bulk import's migration on a hub that already holds events: they are news as it happened
 * (not back-loaded); the checkpoints table is the hub role's to write; and it can be undone.
 */
describe('the bulk import migration', () => {
  const db = migrationDatabase('import');
  const at = MIGRATIONS.findIndex((m) => m.name.startsWith('BulkImport'));

  beforeAll(() => db.create());
  afterAll(() => db.drop());

  it('marks no existing event back-loaded, adds the checkpoints, and undoes cleanly', async () => {
    expect(at).toBeGreaterThan(0);
    const old = await db.migrateTo(MIGRATIONS.slice(0, at));
    const [{ id: subject }] = await old.query(`INSERT INTO subjects (record) VALUES ('{}') RETURNING id`);
    await old.query(
      `INSERT INTO events (subject_id, type, sequence, data, source_agency) VALUES ($1, 'conviction.recorded', 1, '{}', 'court')`,
      [subject],
    );
    await old.destroy();

    const ds = await db.migrateTo(MIGRATIONS.slice(0, at + 1));
    try {
      expect(await ds.query(`SELECT backloaded FROM events`)).toEqual([{ backloaded: false }]);
      // The hub's own role writes checkpoints (default privileges of the schema owner).
      const [grant] = await ds.query(
        `SELECT has_table_privilege('hub_app', 'import_checkpoints', 'INSERT, UPDATE, SELECT') AS ok`,
      );
      expect(grant.ok).toBe(true);
      await ds.query(
        `INSERT INTO import_checkpoints (file_sha256, adapter, agency_id, file_path) VALUES ('h', 'court-outcomes', 'court', '/f')`,
      );
      await expect(
        ds.query(
          `INSERT INTO import_checkpoints (file_sha256, adapter, agency_id, file_path) VALUES ('h', 'court-outcomes', 'court', '/g')`,
        ),
      ).rejects.toThrow(/duplicate key/);

      await ds.undoLastMigration({ transaction: 'each' });
      const columns = (
        await ds.query(`SELECT column_name FROM information_schema.columns WHERE table_name = 'events'`)
      ).map((c: { column_name: string }) => c.column_name);
      expect(columns).not.toContain('backloaded');
      expect(await ds.query(`SELECT to_regclass('import_checkpoints') AS t`)).toEqual([{ t: null }]);
    } finally {
      await ds.destroy();
    }
  });
});
