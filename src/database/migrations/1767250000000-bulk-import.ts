import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 19: the bulk import of history (`hub import`). Events it raises are marked back-loaded,
 * so an agreement can choose not to push old news (agreements.md `backloaded`). Each file being
 * imported keeps one checkpoint, moved in the transaction that commits its lines, so a crashed
 * import resumes exactly after the last line that committed and a finished file is not read again.
 */
export class BulkImport1767250000000 implements MigrationInterface {
  name = 'BulkImport1767250000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE events ADD COLUMN backloaded boolean NOT NULL DEFAULT false;
      CREATE TABLE import_checkpoints (
        file_sha256 text NOT NULL,
        adapter text NOT NULL,
        agency_id text NOT NULL,
        file_path text NOT NULL,
        -- the next line to read (1-based) and where it starts
        next_line bigint NOT NULL DEFAULT 1,
        byte_offset bigint NOT NULL DEFAULT 0,
        accepted bigint NOT NULL DEFAULT 0,
        rejected bigint NOT NULL DEFAULT 0,
        started_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz,
        PRIMARY KEY (file_sha256, adapter, agency_id)
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE import_checkpoints; ALTER TABLE events DROP COLUMN backloaded`);
  }
}
