import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Inbound bad input: a body PostgreSQL text cannot hold as sent (a NUL byte, or bytes that are
 * not UTF-8) made the quarantine insert fail with a 500, losing the message. Such bodies now
 * keep their exact bytes here, beside a readable text copy in `body`. NULL for every other body.
 */
export class InboundBodyBytes1765300000000 implements MigrationInterface {
  name = 'InboundBodyBytes1765300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE inbound_messages ADD COLUMN body_bytes bytea`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE inbound_messages DROP COLUMN body_bytes`);
  }
}
