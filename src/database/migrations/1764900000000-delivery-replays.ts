import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 5: operator replays. A dead letter is replayed in place (same delivery, same
 * webhook-id: it is still the same message); a window replay re-sends events as new
 * deliveries, each with its own webhook-id, so receivers that dedup take them. Each replay is
 * kept with what changed under today's agreements. Plus the lookups by event that routing
 * needs to keep up under load.
 */
export class DeliveryReplays1764900000000 implements MigrationInterface {
  name = 'DeliveryReplays1764900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE delivery_replays (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind text NOT NULL CHECK (kind IN ('delivery', 'window')),
        subscription_id uuid NOT NULL REFERENCES subscriptions(id),
        delivery_id uuid REFERENCES deliveries(id),
        window_from timestamptz,
        window_to timestamptz,
        reason text,
        requested_by_agency text NOT NULL,
        requested_by_sub text NOT NULL,
        requested_at timestamptz NOT NULL DEFAULT now(),
        outcome jsonb NOT NULL
      );
      CREATE INDEX delivery_replays_subscription ON delivery_replays (subscription_id, requested_at DESC);

      ALTER TABLE deliveries ADD COLUMN replay_id uuid REFERENCES delivery_replays(id);
      ALTER TABLE deliveries ADD COLUMN replay_of uuid REFERENCES deliveries(id);
      -- Still one routed delivery per (event, subscription); replays add their own, once per replay.
      ALTER TABLE deliveries DROP CONSTRAINT deliveries_event_id_subscription_id_key;
      CREATE UNIQUE INDEX deliveries_once ON deliveries (event_id, subscription_id) WHERE replay_id IS NULL;
      CREATE UNIQUE INDEX deliveries_replay_once ON deliveries (replay_id, event_id, subscription_id) WHERE replay_id IS NOT NULL;
      -- The partial unique index serves no lookup by event alone (routing's open deliveries of an event).
      CREATE INDEX deliveries_event ON deliveries (event_id);
      -- Routing marks and looks up outbox rows by event; without this each lookup scans the backlog.
      CREATE INDEX outbox_event ON outbox (event_id);
      -- Wakes a relay in another process at commit (LISTEN hub_outbox); one per transaction.
      CREATE FUNCTION outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN PERFORM pg_notify('hub_outbox', ''); RETURN NULL; END $$;
      CREATE TRIGGER outbox_notify AFTER INSERT ON outbox FOR EACH STATEMENT EXECUTE FUNCTION outbox_notify();
      -- The operator's list of what needs attention, newest first.
      CREATE INDEX deliveries_attention ON deliveries (created_at DESC, id DESC) WHERE status IN ('pending', 'failed', 'dead', 'blocked');
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX deliveries_attention;
      DROP TRIGGER outbox_notify ON outbox;
      DROP FUNCTION outbox_notify();
      DROP INDEX deliveries_event;
      DROP INDEX outbox_event;
      DROP INDEX deliveries_replay_once;
      DROP INDEX deliveries_once;
      DELETE FROM deliveries WHERE replay_id IS NOT NULL;
      ALTER TABLE deliveries ADD CONSTRAINT deliveries_event_id_subscription_id_key UNIQUE (event_id, subscription_id);
      ALTER TABLE deliveries DROP COLUMN replay_of, DROP COLUMN replay_id;
      DROP TABLE delivery_replays;
    `);
  }
}
