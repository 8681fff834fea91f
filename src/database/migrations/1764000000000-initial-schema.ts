import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The hub's first schema: inbound messages, the record, events + outbox, routing, delivery, audit.
 * `subscriptions.mode` CHECK spells the delivery kinds of src/canonical/delivery-kinds.ts (this
 * file imports nothing from the application); a new kind changes the CHECK in a new migration.
 */
export class InitialSchema1764000000000 implements MigrationInterface {
  name = 'InitialSchema1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE inbound_messages (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        agency_id text NOT NULL,
        adapter text NOT NULL,
        idempotency_key text,
        source_message_id text,
        content_type text,
        body text NOT NULL,
        body_sha256 text NOT NULL,
        status text NOT NULL CHECK (status IN ('accepted', 'rejected')),
        rejection jsonb,
        subject_ids uuid[] NOT NULL DEFAULT '{}',
        received_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX inbound_messages_quarantine ON inbound_messages (received_at DESC) WHERE status = 'rejected';

      CREATE TABLE idempotency_keys (
        agency_id text NOT NULL,
        adapter text NOT NULL,
        key text NOT NULL,
        request_sha256 text NOT NULL,
        state text NOT NULL CHECK (state IN ('in_progress', 'completed')),
        locked_until timestamptz NOT NULL,
        response_status int,
        response_body jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (agency_id, adapter, key)
      );

      CREATE TABLE subjects (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        record jsonb NOT NULL,
        areas text[] NOT NULL DEFAULT '{}',
        last_sequence bigint NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );

      -- Deterministic identity: one subject per identifier value (scheme includes source references).
      CREATE TABLE subject_identifiers (
        scheme text NOT NULL,
        value text NOT NULL,
        subject_id uuid NOT NULL REFERENCES subjects(id),
        PRIMARY KEY (scheme, value)
      );
      CREATE INDEX subject_identifiers_subject ON subject_identifiers (subject_id);

      CREATE TABLE subject_name_keys (
        subject_id uuid NOT NULL REFERENCES subjects(id),
        name_key text NOT NULL,
        date_of_birth date NOT NULL,
        PRIMARY KEY (subject_id, name_key, date_of_birth)
      );
      CREATE INDEX subject_name_keys_lookup ON subject_name_keys (name_key, date_of_birth);

      CREATE TABLE order_refs (
        order_ref text PRIMARY KEY,
        subject_id uuid NOT NULL REFERENCES subjects(id)
      );

      CREATE TABLE events (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        subject_id uuid NOT NULL REFERENCES subjects(id),
        type text NOT NULL,
        sequence bigint NOT NULL,
        data jsonb NOT NULL,
        source_agency text NOT NULL,
        inbound_message_id uuid REFERENCES inbound_messages(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (subject_id, sequence)
      );
      CREATE INDEX events_subject_time ON events (subject_id, created_at DESC);

      -- Transactional outbox: written with the event, drained onto BullMQ by the relay.
      CREATE TABLE outbox (
        id bigserial PRIMARY KEY,
        event_id uuid NOT NULL REFERENCES events(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        dispatched_at timestamptz,
        routed_at timestamptz
      );
      CREATE INDEX outbox_unrouted ON outbox (dispatched_at) WHERE routed_at IS NULL;
      CREATE INDEX outbox_pending ON outbox (id) WHERE dispatched_at IS NULL;

      CREATE TABLE subscriptions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        agency_id text NOT NULL,
        event_types text[] NOT NULL,
        filter jsonb NOT NULL DEFAULT '{}',
        mode text NOT NULL CHECK (mode IN ('webhook', 'feed')),
        url text,
        secret text,
        status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled', 'deleted')),
        disabled_reason text,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX subscriptions_active ON subscriptions (agency_id) WHERE status = 'active';

      CREATE TABLE deliveries (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        event_id uuid NOT NULL REFERENCES events(id),
        subscription_id uuid NOT NULL REFERENCES subscriptions(id),
        agency_id text NOT NULL,
        agreement_ids text[] NOT NULL,
        payload jsonb NOT NULL,
        status text NOT NULL CHECK (status IN ('pending', 'failed', 'delivered', 'dead', 'blocked')),
        attempts int NOT NULL DEFAULT 0,
        last_status_code int,
        last_error text,
        next_attempt_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        delivered_at timestamptz,
        UNIQUE (event_id, subscription_id)
      );
      CREATE INDEX deliveries_open ON deliveries (status, updated_at) WHERE status IN ('pending', 'failed');

      -- The statutory log (DPA 2018 s.62): append-only.
      CREATE TABLE audit_log (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        action text NOT NULL CHECK (action IN ('COLLECTION','ALTERATION','CONSULTATION','DISCLOSURE','COMBINATION','ERASURE')),
        operation text NOT NULL,
        agency_id text NOT NULL,
        actor_sub text NOT NULL,
        subject_id uuid,
        justification text,
        agreement_ids text[] NOT NULL DEFAULT '{}',
        recipients text[] NOT NULL DEFAULT '{}',
        correlation_id text,
        details jsonb NOT NULL DEFAULT '{}'
      );
      CREATE INDEX audit_log_subject ON audit_log (subject_id, at);
      CREATE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$;
      CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
        FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE audit_log; DROP FUNCTION audit_log_refuse_change();
      DROP TABLE deliveries; DROP TABLE subscriptions; DROP TABLE outbox; DROP TABLE events;
      DROP TABLE order_refs; DROP TABLE subject_name_keys; DROP TABLE subject_identifiers; DROP TABLE subjects;
      DROP TABLE idempotency_keys; DROP TABLE inbound_messages;
    `);
  }
}
