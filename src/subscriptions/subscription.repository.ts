import { sqlRows } from '../database/sql-rows';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import type { Subscription } from './subscription';
import { SubscriptionSecrets } from './subscription-secrets';

const isUuid = (id: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);

/** A `subscriptions` row as Postgres answers it (the sealed secret is read only by what signs). */
interface SubscriptionRow {
  id: string;
  agency_id: string;
  event_types: Subscription['eventTypes'];
  filter: Subscription['filter'];
  mode: Subscription['mode'];
  url: string | null;
  status: Subscription['status'];
  created_at: Date | string;
  secret_sealed: string | null;
  request_sha256: string | null;
}

/** What a create with an Idempotency-Key came to. */
export type CreateOutcome =
  | { outcome: 'created'; subscription: Subscription }
  /** The same agency, key and body made it before: that subscription, with its current secret. */
  | { outcome: 'replay'; subscription: Subscription; secret: string | null }
  | { outcome: 'different-body' };

/** The fields an owner may change (PATCH); absent ones stay as they are. */
export interface SubscriptionChanges {
  eventTypes?: Subscription['eventTypes'];
  filter?: Subscription['filter'];
  url?: string;
}

function toSubscription(r: SubscriptionRow): Subscription {
  return {
    id: r.id,
    agencyId: r.agency_id,
    eventTypes: r.event_types,
    filter: r.filter,
    mode: r.mode,
    url: r.url,
    status: r.status,
    createdAt: new Date(r.created_at).toISOString(),
  };
}

@Injectable()
export class SubscriptionRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly secrets: SubscriptionSecrets,
  ) {}

  /**
   * `secret`: the `whsec_` key of a webhook subscription, stored sealed (bound to the new id).
   * With an Idempotency-Key the key and the body's hash are stored on the row, unique per agency:
   * of two concurrent creates with one key, the second waits on the index and finds the first.
   */
  async create(
    s: Omit<Subscription, 'id' | 'status' | 'createdAt'> & { secret: string | null },
    createdBy: string,
    idempotency: { key: string; requestSha256: string } | null = null,
  ): Promise<CreateOutcome> {
    const id = randomUUID();
    const rows = await sqlRows<SubscriptionRow>(
      this.dataSource.manager,
      `INSERT INTO subscriptions (id, agency_id, event_types, filter, mode, url, secret_sealed, created_by, idempotency_key, request_sha256)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10)
       ON CONFLICT (agency_id, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING RETURNING *`,
      [
        id,
        s.agencyId,
        s.eventTypes,
        JSON.stringify(s.filter),
        s.mode,
        s.url,
        s.secret ? this.secrets.seal(id, s.secret) : null,
        createdBy,
        idempotency?.key ?? null,
        idempotency?.requestSha256 ?? null,
      ],
    );
    if (rows.length) return { outcome: 'created', subscription: toSubscription(rows[0]) };
    const [first] = await sqlRows<SubscriptionRow>(
      this.dataSource.manager,
      `SELECT * FROM subscriptions WHERE agency_id = $1 AND idempotency_key = $2`,
      [s.agencyId, idempotency!.key],
    );
    if (first.request_sha256 !== idempotency!.requestSha256) return { outcome: 'different-body' };
    return {
      outcome: 'replay',
      subscription: toSubscription(first),
      secret: first.secret_sealed ? this.secrets.open(first.id, first.secret_sealed) : null,
    };
  }

  /** Changes the owner's subscription (not a deleted one); null when it has none with that id. */
  async update(id: string, agencyId: string, changes: SubscriptionChanges): Promise<Subscription | null> {
    if (!isUuid(id)) return null;
    const rows = await sqlRows<SubscriptionRow>(
      this.dataSource.manager,
      `UPDATE subscriptions SET event_types = COALESCE($3, event_types), filter = COALESCE($4::jsonb, filter),
              url = COALESCE($5, url), updated_at = now()
        WHERE id = $1 AND agency_id = $2 AND status <> 'deleted' RETURNING *`,
      [
        id,
        agencyId,
        changes.eventTypes ?? null,
        changes.filter ? JSON.stringify(changes.filter) : null,
        changes.url ?? null,
      ],
    );
    return rows.length ? toSubscription(rows[0]) : null;
  }

  /**
   * Replaces the secret of the owner's subscription; the one it replaces keeps signing (as a
   * second `v1`) until `overlapMs` from now. A rotation inside another's overlap drops the oldest.
   * Null when the agency has no such subscription with a secret.
   */
  async rotateSecret(
    id: string,
    agencyId: string,
    secret: string,
    overlapMs: number,
  ): Promise<{ previousSecretExpiresAt: string } | null> {
    if (!isUuid(id)) return null;
    const rows = await sqlRows<{ previous_secret_expires_at: Date | string }>(
      this.dataSource.manager,
      `UPDATE subscriptions SET previous_secret_sealed = secret_sealed, secret_sealed = $3,
              previous_secret_expires_at = now() + make_interval(secs => $4::bigint / 1000.0), updated_at = now()
        WHERE id = $1 AND agency_id = $2 AND status <> 'deleted' AND secret_sealed IS NOT NULL
        RETURNING previous_secret_expires_at`,
      [id, agencyId, this.secrets.seal(id, secret), overlapMs],
    );
    return rows.length ? { previousSecretExpiresAt: new Date(rows[0].previous_secret_expires_at).toISOString() } : null;
  }

  /** The owner's subscription (not a deleted one); null for another agency's, as for an unknown id. */
  async findOwned(id: string, agencyId: string): Promise<Subscription | null> {
    const s = await this.findById(id);
    return s && s.agencyId === agencyId && s.status !== 'deleted' ? s : null;
  }

  async listForAgency(agencyId: string): Promise<Subscription[]> {
    const rows = await this.dataSource.query(
      `SELECT * FROM subscriptions WHERE agency_id = $1 AND status <> 'deleted' ORDER BY created_at`,
      [agencyId],
    );
    return rows.map(toSubscription);
  }

  /**
   * Active subscriptions that want any of these event types, and those named in `alsoIds` (owed a
   * correction whatever they subscribe to); in the caller's transaction, when given.
   */
  async activeFor(
    eventTypes: string[],
    manager: EntityManager = this.dataSource.manager,
    alsoIds: string[] = [],
  ): Promise<Subscription[]> {
    const rows = await manager.query(
      `SELECT * FROM subscriptions WHERE status = 'active' AND (event_types && $1::text[] OR id = ANY($2::uuid[]))`,
      [eventTypes, alsoIds],
    );
    return rows.map(toSubscription);
  }

  /** The subscriptions with these ids, deleted ones included (deliveries keep pointing at them). */
  async findByIds(ids: string[]): Promise<Map<string, Subscription>> {
    if (!ids.length) return new Map();
    const rows = await sqlRows<SubscriptionRow>(
      this.dataSource.manager,
      `SELECT * FROM subscriptions WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    return new Map(rows.map((r) => [r.id, toSubscription(r)]));
  }

  async findById(id: string): Promise<Subscription | null> {
    if (!isUuid(id)) return null;
    const [row] = await this.dataSource.query(`SELECT * FROM subscriptions WHERE id = $1`, [id]);
    return row ? toSubscription(row) : null;
  }

  /** Soft delete: deliveries keep pointing at it, so the disclosure history stays exact. */
  async delete(id: string, agencyId: string): Promise<boolean> {
    // Not a uuid: no such subscription (404), rather than a Postgres cast error (500).
    if (!isUuid(id)) return false;
    const rows = await sqlRows(
      this.dataSource.manager,
      `UPDATE subscriptions SET status = 'deleted' WHERE id = $1 AND agency_id = $2 AND status <> 'deleted' RETURNING id`,
      [id, agencyId],
    );
    return rows.length > 0;
  }

  async disable(id: string, reason: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE subscriptions SET status = 'disabled', disabled_reason = $2 WHERE id = $1 AND status = 'active'`,
      [id, reason],
    );
  }
}
