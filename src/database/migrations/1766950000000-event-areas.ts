import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The subject's current areas when each event was raised (contracts/responsibility.md), so a
 * replay, a retry or a correction of it is judged on who was responsible then, not on who is
 * now. NULL for events raised before this column: they are judged on today's areas, as before.
 */
export class EventAreas1766950000000 implements MigrationInterface {
  name = 'EventAreas1766950000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE events ADD COLUMN areas text[]`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE events DROP COLUMN areas`);
  }
}
