import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Identity cases the hub would not decide alone: a new subject was made, and a person should look. */
export class IdentityReviews1764800000000 implements MigrationInterface {
  name = 'IdentityReviews1764800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE identity_reviews (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        subject_id uuid NOT NULL REFERENCES subjects(id),
        candidate_subject_ids uuid[] NOT NULL,
        reason text NOT NULL,
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'decided')),
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX identity_reviews_open ON identity_reviews (created_at) WHERE status = 'open';
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE identity_reviews`);
  }
}
