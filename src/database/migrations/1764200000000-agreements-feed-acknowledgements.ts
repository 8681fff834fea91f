import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 4: agreement suspensions an operator can apply at once (the YAML stays the signed
 * text; the suspension is an operational act, recorded here so every process sees it), the
 * pull feed's per-agency positions, and acknowledgements with their deadline.
 */
export class AgreementsFeedAcknowledgements1764200000000 implements MigrationInterface {
  name = 'AgreementsFeedAcknowledgements1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE agreement_suspensions (
        id bigserial PRIMARY KEY,
        agreement_id text NOT NULL,
        reason text NOT NULL,
        suspended_by_agency text NOT NULL,
        suspended_by_sub text NOT NULL,
        suspended_at timestamptz NOT NULL DEFAULT now(),
        lifted_by_sub text,
        lifted_at timestamptz
      );
      -- At most one suspension in force per agreement.
      CREATE UNIQUE INDEX agreement_suspensions_in_force ON agreement_suspensions (agreement_id) WHERE lifted_at IS NULL;

      -- Feed rows are deliveries too ('available' until the agency first reads them).
      ALTER TABLE deliveries DROP CONSTRAINT deliveries_status_check;
      ALTER TABLE deliveries ADD CONSTRAINT deliveries_status_check
        CHECK (status IN ('pending', 'failed', 'delivered', 'dead', 'blocked', 'available'));
      ALTER TABLE deliveries ADD COLUMN feed_position bigint;
      CREATE UNIQUE INDEX deliveries_feed ON deliveries (agency_id, feed_position) WHERE feed_position IS NOT NULL;
      -- An agency's feed holds each event once, however many feed subscriptions match it.
      CREATE UNIQUE INDEX deliveries_feed_once ON deliveries (event_id, agency_id) WHERE feed_position IS NOT NULL;
      CREATE SEQUENCE feed_positions;

      -- The acknowledgement clock: set when the agency first has the event (2xx or first feed read).
      ALTER TABLE deliveries ADD COLUMN ack_due_at timestamptz;
      ALTER TABLE deliveries ADD COLUMN ack_overdue_raised_at timestamptz;

      CREATE TABLE acknowledgements (
        event_id uuid NOT NULL REFERENCES events(id),
        agency_id text NOT NULL,
        acknowledged_by text NOT NULL,
        acknowledged_at timestamptz NOT NULL DEFAULT now(),
        note text,
        PRIMARY KEY (event_id, agency_id)
      );
      CREATE INDEX deliveries_ack_due ON deliveries (ack_due_at) WHERE ack_due_at IS NOT NULL AND ack_overdue_raised_at IS NULL;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE acknowledgements;
      DROP INDEX deliveries_ack_due; DROP INDEX deliveries_feed_once; DROP INDEX deliveries_feed;
      ALTER TABLE deliveries DROP COLUMN ack_overdue_raised_at, DROP COLUMN ack_due_at, DROP COLUMN feed_position;
      DROP SEQUENCE feed_positions;
      ALTER TABLE deliveries DROP CONSTRAINT deliveries_status_check;
      ALTER TABLE deliveries ADD CONSTRAINT deliveries_status_check CHECK (status IN ('pending', 'failed', 'delivered', 'dead', 'blocked'));
      DROP TABLE agreement_suspensions;
    `);
  }
}
