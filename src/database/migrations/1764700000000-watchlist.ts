import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The HMPO passport watchlist kept in step with travel-restricting orders: one row per
 * (subject, order) with what the hub wants (`wanted`) and what HMPO holds (`state`); the gap
 * between them is outstanding work, retried until HMPO accepts.
 */
export class Watchlist1764700000000 implements MigrationInterface {
  name = 'Watchlist1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE watchlist_entries (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        subject_id uuid NOT NULL REFERENCES subjects(id),
        order_ref text NOT NULL,
        wanted boolean NOT NULL,
        state text NOT NULL DEFAULT 'not-lodged' CHECK (state IN ('not-lodged', 'lodged', 'withdrawn')),
        -- RequestIds stay the same across retries so HMPO can discard duplicates.
        lodge_request_id uuid NOT NULL DEFAULT gen_random_uuid(),
        withdraw_request_id uuid NOT NULL DEFAULT gen_random_uuid(),
        watchlist_ref text UNIQUE,
        reason text,
        valid_until date,
        payload text,
        agreement_ids text[] NOT NULL DEFAULT '{}',
        blocked_reason text,
        attempts int NOT NULL DEFAULT 0,
        last_error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (subject_id, order_ref)
      );
      CREATE INDEX watchlist_outstanding ON watchlist_entries (updated_at)
        WHERE (wanted AND state <> 'lodged') OR (NOT wanted AND state = 'lodged');
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE watchlist_entries`);
  }
}
