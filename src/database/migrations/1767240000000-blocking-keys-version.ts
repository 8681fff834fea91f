import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Which version of the blocking keys a subject's match profile is filed under. Existing rows
 * are version 1 (the date-of-birth key without an initial): the start-up backfill
 * (src/identity/match-profile-backfill.ts) re-keys them, as a migration imports no application code.
 */
export class BlockingKeysVersion1767240000000 implements MigrationInterface {
  name = 'BlockingKeysVersion1767240000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE subject_match_profiles ADD COLUMN keys_version smallint NOT NULL DEFAULT 1`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE subject_match_profiles DROP COLUMN keys_version`);
  }
}
