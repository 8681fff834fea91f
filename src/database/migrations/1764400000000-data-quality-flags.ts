import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Data-quality flags on records (e.g. a Schedule 3 offence without a certificate), for a person to check. */
export class DataQualityFlags1764400000000 implements MigrationInterface {
  name = 'DataQualityFlags1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE data_quality_flags (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        subject_id uuid NOT NULL REFERENCES subjects(id),
        kind text NOT NULL,
        ref text NOT NULL,
        detail text NOT NULL,
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved')),
        raised_at timestamptz NOT NULL DEFAULT now(),
        resolved_at timestamptz,
        UNIQUE (subject_id, kind, ref)
      );
      CREATE INDEX data_quality_flags_open ON data_quality_flags (raised_at) WHERE status = 'open';
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE data_quality_flags`);
  }
}
