import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Why the hub withdrew the risk management plan deadlines it raised before any plan could reach it. */
export const NO_PLAN_SOURCE_REASON = 'superseded: no plan source existed before 2026-12';

/**
 * Issue 17: until probation and the police could send risk management plans, the hub raised a
 * RISK_MANAGEMENT_PLAN deadline after every assessment that nothing could meet, so each went
 * overdue. Those whose last day has already passed (in London) ran their whole course with no
 * source: they are withdrawn, with the reason. Those still running can now be met by a plan, so
 * they stay open. A deadline withdrawn with a reason stays withdrawn when the record is derived
 * again (DeadlineRepository.sync), unless a plan meets it or its due date moves.
 */
export class RiskPlanDeadlinesWithdrawn1767170000000 implements MigrationInterface {
  name = 'RiskPlanDeadlinesWithdrawn1767170000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      -- Set only when a deadline is withdrawn by a person or a migration (not when the record stops
      -- implying it): such a deadline is not reopened by re-deriving the same one.
      ALTER TABLE deadlines ADD COLUMN cancelled_reason text
    `);
    await q.query(
      `UPDATE deadlines SET status = 'cancelled', cancelled_reason = $1, updated_at = now()
        WHERE kind = 'RISK_MANAGEMENT_PLAN' AND status = 'open'
          AND due_on < (now() AT TIME ZONE 'Europe/London')::date`,
      [NO_PLAN_SOURCE_REASON],
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `UPDATE deadlines SET status = 'open', updated_at = now() WHERE status = 'cancelled' AND cancelled_reason = $1`,
      [NO_PLAN_SOURCE_REASON],
    );
    await q.query(`ALTER TABLE deadlines DROP COLUMN cancelled_reason`);
  }
}
