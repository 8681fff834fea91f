import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { OperationalEventType } from '../canonical/event-types';
import { sqlRows } from '../database/sql-rows';

/** What the hub told an agency about its own subscription: ids, counts, codes and times, never personal data. */
export interface OperationalEvent {
  id: string;
  type: OperationalEventType;
  agencyId: string;
  subscriptionId: string;
  data: Record<string, unknown>;
  feedPosition: bigint;
  createdAt: string;
}

interface OperationalEventRow {
  id: string;
  type: OperationalEventType;
  agency_id: string;
  subscription_id: string;
  data: Record<string, unknown>;
  feed_position: string;
  created_at: Date;
}

function toOperationalEvent(r: OperationalEventRow): OperationalEvent {
  return {
    id: r.id,
    type: r.type,
    agencyId: r.agency_id,
    subscriptionId: r.subscription_id,
    data: r.data,
    feedPosition: BigInt(r.feed_position),
    createdAt: new Date(r.created_at).toISOString(),
  };
}

/** `operational_events`: kept for good, each at its place in the owning agency's feed. */
@Injectable()
export class OperationalEventsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Takes the next feed position under the agency's feed lock, held to commit (as feed entries
   * do), so a reader's cursor never passes an event that commits late.
   */
  async raise(
    m: EntityManager,
    e: { type: OperationalEventType; agencyId: string; subscriptionId: string; data: Record<string, unknown> },
  ): Promise<void> {
    await m.query(`SELECT pg_advisory_xact_lock(hashtext('feed:' || $1))`, [e.agencyId]);
    await m.query(
      `INSERT INTO operational_events (agency_id, subscription_id, type, data, feed_position)
       VALUES ($1, $2, $3, $4, nextval('feed_positions'))`,
      [e.agencyId, e.subscriptionId, e.type, JSON.stringify(e.data)],
    );
  }

  /** The agency's operational events after a feed position, oldest first. */
  async feedPage(agencyId: string, after: bigint, limit: number): Promise<OperationalEvent[]> {
    const rows = await sqlRows<OperationalEventRow>(
      this.dataSource.manager,
      `SELECT * FROM operational_events WHERE agency_id = $1 AND feed_position > $2 ORDER BY feed_position LIMIT $3`,
      [agencyId, after.toString(), limit],
    );
    return rows.map(toOperationalEvent);
  }

  /** The latest about one subscription of the agency, newest first. */
  async latestFor(agencyId: string, subscriptionId: string, limit: number): Promise<OperationalEvent[]> {
    const rows = await sqlRows<OperationalEventRow>(
      this.dataSource.manager,
      `SELECT * FROM operational_events WHERE agency_id = $1 AND subscription_id = $2 ORDER BY created_at DESC, feed_position DESC LIMIT $3`,
      [agencyId, subscriptionId, limit],
    );
    return rows.map(toOperationalEvent);
  }
}
