import type { DataSource } from 'typeorm';
import { DeadlineRepository } from '../../src/clocks/deadline.repository';
import { MIGRATIONS } from '../../src/database/data-source-options';
import { migrationDatabase } from '../kit/migration-database';
import { NO_PLAN_SOURCE_REASON } from '../../src/database/migrations/1767170000000-risk-plan-deadlines-withdrawn';
import { loadDeadlineRules } from '../../src/rules/deadline-rules';
import type { Deadline } from '../../src/rules/deadlines';

/**
 * A deployed hub holds RISK_MANAGEMENT_PLAN deadlines raised before any plan could reach it.
 * The migration withdraws, with its reason, those whose last day has passed; it leaves the
 * running ones (a plan can meet them now) and every other kind of deadline as they were.
 */
describe('withdrawing the risk management plan deadlines nothing could meet', () => {
  const db = migrationDatabase('rmp');
  const before = MIGRATIONS.findIndex((m) => m.name.startsWith('RiskPlanDeadlinesWithdrawn'));

  beforeAll(() => db.create());
  afterAll(() => db.drop());

  it('cancels the passed ones with the reason, keeps the rest, and re-deriving does not reopen them', async () => {
    expect(before).toBeGreaterThan(0);
    const old = await db.migrateTo(MIGRATIONS.slice(0, before));
    const [{ id: subject }] = await old.query(`INSERT INTO subjects (record) VALUES ('{}') RETURNING id`);
    const [{ id: other }] = await old.query(`INSERT INTO subjects (record) VALUES ('{}') RETURNING id`);
    const today = `(now() AT TIME ZONE 'Europe/London')::date`;
    await old.query(
      `INSERT INTO deadlines (subject_id, kind, ref, due_on, due_from, description, status, passed_raised_at) VALUES
         ($1, 'RISK_MANAGEMENT_PLAN', 'A-overdue', '2026-11-10', '2026-11-06', 'plan', 'open', now()),
         ($2, 'RISK_MANAGEMENT_PLAN', 'A-unraised', ${today} - 1, ${today} - 3, 'plan', 'open', NULL),
         ($2, 'RISK_MANAGEMENT_PLAN', 'A-today', ${today}, ${today} - 2, 'plan', 'open', NULL),
         ($2, 'RISK_MANAGEMENT_PLAN', 'A-running', ${today} + 4, ${today} + 2, 'plan', 'open', NULL),
         ($2, 'RISK_MANAGEMENT_PLAN', 'A-old', '2026-06-08', '2026-06-04', 'plan', 'cancelled', now()),
         ($1, 'OASYS_REVIEW', 'A-overdue', '2026-11-20', '2026-11-06', 'review', 'open', now()),
         ($1, 'INITIAL_NOTIFICATION', 'R1', '2026-11-05', '2026-11-04', 'notify', 'open', now()),
         ($1, 'ORDER_EXPIRY', 'O1', '2026-10-01', '2026-09-03', 'expiry', 'passed', now())`,
      [subject, other],
    );
    const snapshot = async (ds: DataSource) =>
      (await ds.query(`SELECT kind, ref, status, cancelled_reason AS reason FROM deadlines ORDER BY kind, ref`)).map(
        (r: Record<string, unknown>) => `${r.kind} ${r.ref}: ${r.status}${r.reason ? ` (${r.reason})` : ''}`,
      );
    await old.destroy();

    // Up to this migration only, so undoing the last one undoes it whatever comes after.
    const ds = await db.migrateTo(MIGRATIONS.slice(0, before + 1));
    try {
      expect(await snapshot(ds)).toEqual([
        'INITIAL_NOTIFICATION R1: open',
        'OASYS_REVIEW A-overdue: open',
        'ORDER_EXPIRY O1: passed',
        `RISK_MANAGEMENT_PLAN A-old: cancelled`,
        `RISK_MANAGEMENT_PLAN A-overdue: cancelled (${NO_PLAN_SOURCE_REASON})`,
        'RISK_MANAGEMENT_PLAN A-running: open',
        'RISK_MANAGEMENT_PLAN A-today: open',
        `RISK_MANAGEMENT_PLAN A-unraised: cancelled (${NO_PLAN_SOURCE_REASON})`,
      ]);

      // The subject's record changes and its clocks are derived again, the false one among them.
      const rules = loadDeadlineRules('config/reference');
      const repository = new DeadlineRepository(ds);
      const plan = (over: Partial<Deadline>): Deadline => ({
        kind: 'RISK_MANAGEMENT_PLAN',
        ref: 'A-overdue',
        dueOn: '2026-11-10',
        provisional: false,
        description: 'plan',
        met: false,
        provenance: 'PROBATION',
        ...over,
      });
      const statusOf = async () =>
        (
          await ds.query(
            `SELECT status, cancelled_reason AS reason, passed_raised_at IS NULL AS unraised FROM deadlines WHERE subject_id = $1 AND ref = 'A-overdue' AND kind = 'RISK_MANAGEMENT_PLAN'`,
            [subject],
          )
        )[0];
      const sync = (d: Deadline) => repository.sync(ds.manager, subject, [d], ['WYP'], rules);
      await sync(plan({}));
      expect(await statusOf()).toEqual({ status: 'cancelled', reason: NO_PLAN_SOURCE_REASON, unraised: false });
      // A late plan naming the assessment still meets it.
      await sync(plan({ met: true }));
      expect(await statusOf()).toEqual({ status: 'met', reason: null, unraised: false });
      // The other deadlines of the subject were not derived this time: the sync cancels them as it always did.
      expect(
        await ds.query(
          `SELECT kind, status FROM deadlines WHERE subject_id = $1 AND kind <> 'RISK_MANAGEMENT_PLAN' ORDER BY kind`,
          [subject],
        ),
      ).toEqual([
        { kind: 'INITIAL_NOTIFICATION', status: 'cancelled' },
        { kind: 'OASYS_REVIEW', status: 'cancelled' },
        { kind: 'ORDER_EXPIRY', status: 'passed' },
      ]);

      // A withdrawn one whose due date moves is a new deadline: open again, its flags reset.
      await ds.query(
        `UPDATE deadlines SET status = 'cancelled', cancelled_reason = 'withdrawn by test' WHERE subject_id = $1 AND ref = 'A-overdue'`,
        [subject],
      );
      await sync(plan({ dueOn: '2026-11-11' }));
      expect(await statusOf()).toEqual({ status: 'open', reason: null, unraised: true });

      // Undone, the withdrawn ones are open again and the column is gone.
      await ds.undoLastMigration({ transaction: 'each' });
      expect(
        await ds.query(
          `SELECT ref, status FROM deadlines WHERE subject_id = $1 AND kind = 'RISK_MANAGEMENT_PLAN' ORDER BY ref`,
          [other],
        ),
      ).toEqual([
        { ref: 'A-old', status: 'cancelled' },
        { ref: 'A-running', status: 'open' },
        { ref: 'A-today', status: 'open' },
        { ref: 'A-unraised', status: 'open' },
      ]);
      await expect(ds.query(`SELECT cancelled_reason FROM deadlines`)).rejects.toThrow(/cancelled_reason/);
    } finally {
      await ds.destroy();
    }
  });
});
