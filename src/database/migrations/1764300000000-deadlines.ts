import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Issue 7: the clocks people keep in their heads, one row per (subject, kind, ref). */
export class Deadlines1764300000000 implements MigrationInterface {
  name = 'Deadlines1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE deadlines (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        subject_id uuid NOT NULL REFERENCES subjects(id),
        kind text NOT NULL,
        ref text NOT NULL,
        due_on date NOT NULL,
        -- the day deadline.due is raised (due_on less the kind's lead time)
        due_from date NOT NULL,
        provisional boolean NOT NULL DEFAULT false,
        description text NOT NULL,
        -- open: running (an overdue one stays open until met or cancelled); met: done (e.g. the
        -- notification arrived); cancelled: no longer applies; passed: its day went by and what
        -- follows (order.expired, registration.ended) was raised
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'met', 'cancelled', 'passed')),
        areas text[] NOT NULL DEFAULT '{}',
        due_raised_at timestamptz,
        passed_raised_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (subject_id, kind, ref)
      );
      CREATE INDEX deadlines_due ON deadlines (due_from) WHERE status = 'open' AND due_raised_at IS NULL;
      CREATE INDEX deadlines_passing ON deadlines (due_on) WHERE status = 'open' AND passed_raised_at IS NULL;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE deadlines`);
  }
}
