import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Responsibility facts (responsibility.md) replace "areas = every sender's areas". The facts live
 * in the record (JSON) and are derived by replaying each subject's command log, which needs the
 * application's apply functions: that is the start-up step src/consequences/responsibility-backfill.ts,
 * not this migration. Here only the marker it works from: a subject whose `areas` were derived
 * from responsibility facts has `responsibility_derived_at` set; every existing one starts unset.
 */
export class ResponsibilityDerived1765740000000 implements MigrationInterface {
  name = 'ResponsibilityDerived1765740000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE subjects ADD COLUMN responsibility_derived_at timestamptz`);
    await q.query(
      `CREATE INDEX subjects_responsibility_underived ON subjects (id) WHERE responsibility_derived_at IS NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX subjects_responsibility_underived`);
    await q.query(`ALTER TABLE subjects DROP COLUMN responsibility_derived_at`);
  }
}
