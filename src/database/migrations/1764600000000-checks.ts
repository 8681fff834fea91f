import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Every PNC-like check, with its purpose and justification (the query itself is not kept). */
export class Checks1764600000000 implements MigrationInterface {
  name = 'Checks1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE checks (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        agency_id text NOT NULL,
        actor_sub text NOT NULL,
        purpose text NOT NULL,
        justification text NOT NULL,
        outcome text NOT NULL CHECK (outcome IN ('NO_TRACE', 'POSSIBLE_MATCH', 'MATCH')),
        sources text[] NOT NULL,
        degraded text[] NOT NULL DEFAULT '{}',
        subject_ids uuid[] NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX checks_agency_time ON checks (agency_id, created_at DESC);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE checks`);
  }
}
