import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Cluster-aware linking (the identity issue): a review is either a new subject made instead of
 * linking (NEW_SUBJECT, as before) or a message linked to the best of several qualifying
 * subjects, asking to merge the others into it (SPLIT). The open queue pages by (created_at, id).
 */
export class IdentitySplitReviews1765730000000 implements MigrationInterface {
  name = 'IdentitySplitReviews1765730000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE identity_reviews ADD COLUMN kind text NOT NULL DEFAULT 'NEW_SUBJECT' CHECK (kind IN ('NEW_SUBJECT', 'SPLIT'));
      DROP INDEX identity_reviews_open;
      CREATE INDEX identity_reviews_open ON identity_reviews (created_at, id) WHERE status = 'open';
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX identity_reviews_open;
      CREATE INDEX identity_reviews_open ON identity_reviews (created_at) WHERE status = 'open';
      ALTER TABLE identity_reviews DROP COLUMN kind;
    `);
  }
}
