import type { MigrationInterface, QueryRunner } from 'typeorm';

/** /health and /metrics count the last hour's checks on every call: an index on time alone. */
export class ChecksTimeIndex1765600000000 implements MigrationInterface {
  name = 'ChecksTimeIndex1765600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX checks_time ON checks (created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX checks_time`);
  }
}
