import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 20 (self-service subscriptions):
 * - a rotated webhook secret is kept, sealed like the current one, until its overlap ends, so
 *   each delivery meanwhile carries a `v1` signature with both;
 * - `POST /v1/subscriptions` takes an Idempotency-Key: the key and a hash of the body are kept
 *   on the subscription it created, unique per agency, so two concurrent creates make one;
 * - the hub's own events (`hub.*`, e.g. a subscription's test event) concern no subject.
 */
export class SubscriptionSelfService1767200000000 implements MigrationInterface {
  name = 'SubscriptionSelfService1767200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE subscriptions
        ADD COLUMN previous_secret_sealed text,
        ADD COLUMN previous_secret_expires_at timestamptz,
        ADD COLUMN idempotency_key text,
        ADD COLUMN request_sha256 text,
        ADD COLUMN updated_at timestamptz;
      CREATE UNIQUE INDEX subscriptions_idempotency ON subscriptions (agency_id, idempotency_key)
        WHERE idempotency_key IS NOT NULL;
      ALTER TABLE events ALTER COLUMN subject_id DROP NOT NULL;
      ALTER TABLE events ADD CONSTRAINT events_subject_or_hub CHECK (subject_id IS NOT NULL OR type LIKE 'hub.%');
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      -- The hub's own events (tests) carried nothing of any record: they go, with what points at them.
      UPDATE delivery_replays SET delivery_id = NULL
       WHERE delivery_id IN (SELECT d.id FROM deliveries d JOIN events e ON e.id = d.event_id WHERE e.subject_id IS NULL);
      DELETE FROM acknowledgements WHERE event_id IN (SELECT id FROM events WHERE subject_id IS NULL);
      DELETE FROM deliveries WHERE event_id IN (SELECT id FROM events WHERE subject_id IS NULL);
      DELETE FROM events WHERE subject_id IS NULL;
      ALTER TABLE events DROP CONSTRAINT events_subject_or_hub;
      ALTER TABLE events ALTER COLUMN subject_id SET NOT NULL;
      DROP INDEX subscriptions_idempotency;
      ALTER TABLE subscriptions
        DROP COLUMN previous_secret_sealed,
        DROP COLUMN previous_secret_expires_at,
        DROP COLUMN idempotency_key,
        DROP COLUMN request_sha256,
        DROP COLUMN updated_at;
    `);
  }
}
