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

  /** `secret`: the `whsec_` key of a webhook subscription, stored sealed (bound to the new id). */
  async create(
    s: Omit<Subscription, 'id' | 'status' | 'createdAt'> & { secret: string | null },
    createdBy: string,
  ): Promise<Subscription> {
    const id = randomUUID();
    const [row] = await this.dataSource.query(
      `INSERT INTO subscriptions (id, agency_id, event_types, filter, mode, url, secret_sealed, created_by)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8) RETURNING *`,
      [
        id,
        s.agencyId,
        s.eventTypes,
        JSON.stringify(s.filter),
        s.mode,
        s.url,
        s.secret ? this.secrets.seal(id, s.secret) : null,
        createdBy,
      ],
    );
    return toSubscription(row);
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
