import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 20 item 6: the hub tells an agency when one of its webhook endpoints keeps failing, is
 * disabled, or recovers (docs/adr/0023-operational-events.md). `subscription_health` counts the
 * failed attempts in a row; `operational_events` holds what the agency was told, each at a place
 * in its feed (the same `feed_positions` sequence as its feed entries). Neither holds personal data.
 */
export class OperationalEvents1767220000000 implements MigrationInterface {
  name = 'OperationalEvents1767220000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE subscription_health (
        subscription_id uuid PRIMARY KEY REFERENCES subscriptions(id),
        agency_id text NOT NULL,
        state text NOT NULL DEFAULT 'ok' CHECK (state IN ('ok', 'failing', 'disabled')),
        consecutive_failures int NOT NULL DEFAULT 0,
        failing_since timestamptz,
        last_failure_at timestamptz,
        last_status_code int,
        last_error text,
        last_success_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now()
      )
    `);
    await q.query(`
      CREATE TABLE operational_events (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        agency_id text NOT NULL,
        subscription_id uuid NOT NULL REFERENCES subscriptions(id),
        type text NOT NULL,
        data jsonb NOT NULL,
        feed_position bigint NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now()
      )
    `);
    await q.query(`CREATE INDEX operational_events_feed ON operational_events (agency_id, feed_position)`);
    await q.query(
      `CREATE INDEX operational_events_subscription ON operational_events (subscription_id, created_at DESC)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE operational_events`);
    await q.query(`DROP TABLE subscription_health`);
  }
}
