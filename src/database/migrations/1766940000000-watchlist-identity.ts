import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The identity a watch entry should carry (names, aliases, date of birth, passports, as one key)
 * beside the one HMPO holds: a new name, alias or passport makes the two differ, and the entry
 * is withdrawn and lodged again with the new details, as a moved ValidUntil or Reason already is.
 * Entries lodged before this migration hold no key; the first change to their subject re-lodges
 * them once, with the details and aliases as they then are.
 */
export class WatchlistIdentity1766940000000 implements MigrationInterface {
  name = 'WatchlistIdentity1766940000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE watchlist_entries ADD COLUMN identity_key text, ADD COLUMN lodged_identity_key text;
      DROP INDEX watchlist_outstanding;
      CREATE INDEX watchlist_outstanding ON watchlist_entries (updated_at)
        WHERE (wanted AND state <> 'lodged') OR (NOT wanted AND state = 'lodged')
           OR (wanted AND state = 'lodged' AND (lodged_valid_until IS DISTINCT FROM valid_until OR lodged_reason IS DISTINCT FROM reason
               OR (identity_key IS NOT NULL AND lodged_identity_key IS DISTINCT FROM identity_key)));
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX watchlist_outstanding;
      CREATE INDEX watchlist_outstanding ON watchlist_entries (updated_at)
        WHERE (wanted AND state <> 'lodged') OR (NOT wanted AND state = 'lodged')
           OR (wanted AND state = 'lodged' AND (lodged_valid_until IS DISTINCT FROM valid_until OR lodged_reason IS DISTINCT FROM reason));
      ALTER TABLE watchlist_entries DROP COLUMN identity_key, DROP COLUMN lodged_identity_key;
    `);
  }
}
