import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { affectedRows } from '../database/sql-rows';
import { addDays, type CivilDate } from '../canonical/civil-date';
import type { DeadlineKind, DeadlineRules } from '../rules/deadline-rules';
import type { Deadline } from '../rules/deadlines';

export interface StoredDeadline {
  id: string;
  subjectId: string;
  kind: DeadlineKind;
  ref: string;
  dueOn: CivilDate;
  dueFrom: CivilDate;
  provisional: boolean;
  description: string;
  status: 'open' | 'met' | 'cancelled' | 'passed';
  areas: string[];
  dueRaisedAt: string | null;
  passedRaisedAt: string | null;
}

// `date` columns come back as text (see toStored), never through JS Date and its time zone.
const COLUMNS = `id, subject_id, kind, ref, due_on::text AS due_on, due_from::text AS due_from, provisional, description, status, areas, due_raised_at, passed_raised_at`;

const toStored = (r: Record<string, any>): StoredDeadline => ({
  id: r.id,
  subjectId: r.subject_id,
  kind: r.kind,
  ref: r.ref,
  dueOn: r.due_on,
  dueFrom: r.due_from,
  provisional: r.provisional,
  description: r.description,
  status: r.status,
  areas: r.areas,
  dueRaisedAt: r.due_raised_at ? new Date(r.due_raised_at).toISOString() : null,
  passedRaisedAt: r.passed_raised_at ? new Date(r.passed_raised_at).toISOString() : null,
});

/** The subjects' deadlines in Postgres. Callers hold the subject's row lock, so syncs and ticks never interleave. */
@Injectable()
export class DeadlineRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Makes the stored deadlines match those derived from the record: new ones open; a moved due
   * date is a new deadline (its raised flags reset); ones no longer derived are cancelled. One
   * withdrawn with a reason (`cancelled_reason`, e.g. by a migration) stays withdrawn while it is
   * derived the same again: only being met or a moved due date changes it.
   */
  async sync(
    m: EntityManager,
    subjectId: string,
    deadlines: Deadline[],
    areas: string[],
    rules: DeadlineRules,
  ): Promise<void> {
    for (const d of deadlines) {
      await m.query(
        `INSERT INTO deadlines (subject_id, kind, ref, due_on, due_from, provisional, description, areas, status)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, CASE WHEN $9 THEN 'met' ELSE 'open' END)
         ON CONFLICT (subject_id, kind, ref) DO UPDATE SET
           provisional = EXCLUDED.provisional, description = EXCLUDED.description, areas = EXCLUDED.areas, updated_at = now(),
           status = CASE WHEN $9 THEN 'met'
                         WHEN deadlines.cancelled_reason IS NOT NULL AND deadlines.due_on = EXCLUDED.due_on THEN 'cancelled'
                         WHEN deadlines.due_on <> EXCLUDED.due_on OR deadlines.status IN ('cancelled', 'met') THEN 'open'
                         ELSE deadlines.status END,
           cancelled_reason = CASE WHEN NOT $9 AND deadlines.due_on = EXCLUDED.due_on THEN deadlines.cancelled_reason END,
           due_raised_at = CASE WHEN deadlines.due_on <> EXCLUDED.due_on THEN NULL ELSE deadlines.due_raised_at END,
           passed_raised_at = CASE WHEN deadlines.due_on <> EXCLUDED.due_on THEN NULL ELSE deadlines.passed_raised_at END,
           due_from = EXCLUDED.due_from, due_on = EXCLUDED.due_on`,
        [
          subjectId,
          d.kind,
          d.ref,
          d.dueOn,
          addDays(d.dueOn, -rules[d.kind].leadDays),
          d.provisional,
          d.description,
          areas,
          d.met,
        ],
      );
    }
    await m.query(
      `UPDATE deadlines SET status = 'cancelled', updated_at = now()
        WHERE subject_id = $1 AND status = 'open' AND NOT ((kind, ref) IN (SELECT * FROM unnest($2::text[], $3::text[])))`,
      [subjectId, deadlines.map((d) => d.kind), deadlines.map((d) => d.ref)],
    );
  }

  /** Subjects with a deadline to raise today (due, or its day passed). */
  async subjectsWithWork(today: CivilDate, limit: number): Promise<string[]> {
    const rows = await this.dataSource.query(
      `SELECT DISTINCT subject_id FROM deadlines
        WHERE status = 'open' AND ((due_raised_at IS NULL AND due_from <= $1) OR (passed_raised_at IS NULL AND due_on < $1))
        LIMIT $2`,
      [today, limit],
    );
    return rows.map((r: { subject_id: string }) => r.subject_id);
  }

  async openFor(m: EntityManager, subjectId: string): Promise<StoredDeadline[]> {
    return (
      await m.query(
        `SELECT ${COLUMNS} FROM deadlines WHERE subject_id = $1 AND status = 'open' ORDER BY due_on, kind`,
        [subjectId],
      )
    ).map(toStored);
  }

  /** Every deadline of a subject, whatever its status (a dry run compares them before and after). */
  async allFor(m: EntityManager, subjectId: string): Promise<StoredDeadline[]> {
    return (
      await m.query(`SELECT ${COLUMNS} FROM deadlines WHERE subject_id = $1 ORDER BY due_on, kind, ref`, [subjectId])
    ).map(toStored);
  }

  async markDueRaised(m: EntityManager, id: string, at: Date): Promise<void> {
    await m.query(`UPDATE deadlines SET due_raised_at = $2, updated_at = now() WHERE id = $1`, [id, at]);
  }

  /** `stillOpen`: an overdue deadline stays open until met or cancelled; an expiry is done. */
  async markPassed(m: EntityManager, id: string, at: Date, stillOpen: boolean): Promise<void> {
    await m.query(
      `UPDATE deadlines SET passed_raised_at = $2, status = CASE WHEN $3 THEN status ELSE 'passed' END, updated_at = now() WHERE id = $1`,
      [id, at, stillOpen],
    );
  }

  /** For operators and MI: open deadlines that are due (inside their lead time) or overdue today. */
  async list(filter: {
    status: 'due' | 'overdue';
    today: CivilDate;
    overdueKinds: DeadlineKind[];
    area?: string;
    kind?: string;
    limit: number;
    /** Keyset: after this due date and id (the paging cursor's position). */
    after?: { dueOn: string; id: string } | null;
  }): Promise<StoredDeadline[]> {
    const condition =
      filter.status === 'due'
        ? `due_from <= $1 AND due_on >= $1 AND cardinality($5::text[]) >= 0`
        : `due_on < $1 AND kind = ANY($5::text[])`;
    const rows = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM deadlines
        WHERE status = 'open' AND ${condition} AND ($2::text IS NULL OR $2 = ANY(areas)) AND ($3::text IS NULL OR kind = $3)
          AND ($6::date IS NULL OR (due_on, id) > ($6::date, $7::uuid))
        ORDER BY due_on, id LIMIT $4`,
      [
        filter.today,
        filter.area ?? null,
        filter.kind ?? null,
        filter.limit,
        filter.overdueKinds,
        filter.after?.dueOn ?? null,
        filter.after?.id ?? null,
      ],
    );
    return rows.map(toStored);
  }

  /** Erasure: open deadlines are cancelled, so no clock raises an event about the person. */
  async cancelForSubject(m: EntityManager, subjectId: string): Promise<{ deadlinesCancelled: number }> {
    return {
      deadlinesCancelled: await affectedRows(
        m,
        `UPDATE deadlines SET status = 'cancelled', updated_at = now() WHERE subject_id = $1 AND status = 'open'`,
        [subjectId],
      ),
    };
  }
}
