import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 6: erasure after retention. An erased subject keeps its row as a tombstone (events and
 * deliveries still point at it, and a later message must not silently revive it) with its
 * record emptied; an inbound message keeps its row and fingerprint but loses its body.
 */
export class SubjectErasure1764500000001 implements MigrationInterface {
  name = 'SubjectErasure1764500000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE subjects ADD COLUMN erased_at timestamptz;
      ALTER TABLE inbound_messages ADD COLUMN erased_at timestamptz;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE inbound_messages DROP COLUMN erased_at;
      ALTER TABLE subjects DROP COLUMN erased_at;
    `);
  }
}
