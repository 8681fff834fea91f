import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What HMPO holds for a lodged entry (its ValidUntil and Reason), beside what the hub wants: a
 * variation that moves the end of a travel prohibition makes the two differ, and HMPO's API has
 * no amendment, so the entry is withdrawn and lodged again with the new terms.
 */
export class WatchlistRelodge1765500000000 implements MigrationInterface {
  name = 'WatchlistRelodge1765500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE watchlist_entries ADD COLUMN lodged_valid_until date, ADD COLUMN lodged_reason text;
      UPDATE watchlist_entries SET lodged_valid_until = valid_until, lodged_reason = reason WHERE state = 'lodged';
      DROP INDEX watchlist_outstanding;
      CREATE INDEX watchlist_outstanding ON watchlist_entries (updated_at)
        WHERE (wanted AND state <> 'lodged') OR (NOT wanted AND state = 'lodged')
           OR (wanted AND state = 'lodged' AND (lodged_valid_until IS DISTINCT FROM valid_until OR lodged_reason IS DISTINCT FROM reason));
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX watchlist_outstanding;
      CREATE INDEX watchlist_outstanding ON watchlist_entries (updated_at) WHERE (wanted AND state <> 'lodged') OR (NOT wanted AND state = 'lodged');
      ALTER TABLE watchlist_entries DROP COLUMN lodged_valid_until, DROP COLUMN lodged_reason;
    `);
  }
}
