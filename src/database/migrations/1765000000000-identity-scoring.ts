import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Scored identity matching (issue 8): each subject's match profile (names and aliases, dates of
 * birth, sex, postcodes) and its blocking keys, indexed so candidates come back by key; reviews
 * gain the score and the evidence. Existing subjects are filed from their records at start-up
 * (src/identity/match-profile-backfill.ts): a migration imports nothing from the application.
 */
export class IdentityScoring1765000000000 implements MigrationInterface {
  name = 'IdentityScoring1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE subject_match_profiles (
        subject_id uuid PRIMARY KEY REFERENCES subjects(id),
        names jsonb NOT NULL,
        dates_of_birth text[] NOT NULL,
        sex text,
        postcodes text[] NOT NULL DEFAULT '{}'
      );
      CREATE TABLE subject_blocking_keys (
        block_key text NOT NULL,
        subject_id uuid NOT NULL REFERENCES subjects(id),
        PRIMARY KEY (block_key, subject_id)
      );
      CREATE INDEX subject_blocking_keys_subject ON subject_blocking_keys (subject_id);
      ALTER TABLE identity_reviews ADD COLUMN score numeric, ADD COLUMN evidence jsonb;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE identity_reviews DROP COLUMN score, DROP COLUMN evidence;
      DROP TABLE subject_blocking_keys;
      DROP TABLE subject_match_profiles;
    `);
  }
}
