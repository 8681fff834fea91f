import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { sqlRows } from '../../database/sql-rows';
import { toStoredEvent, type StoredEvent } from '../../subjects/subject-events.repository';
import { cursorTimeSql, pageOf, type Page } from '../../common/paging';
import type { DeliveryListQuery } from './delivery-list.query';

/** A delivery as operators see it: ids, states and answers, never the payload (personal data). */
export interface DeliveryView {
  id: string;
  eventId: string;
  eventType: string;
  subjectId: string;
  sequence: number;
  agency: string;
  subscriptionId: string;
  status: string;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  nextAttemptAt: string | null;
  createdAt: string;
  updatedAt: string;
  deliveredAt: string | null;
  agreements: string[];
  replayOf: string | null;
  replayId: string | null;
}

/** What a replay needs of a delivery: its state and what was projected for it. */
export interface ReplayableDelivery extends DeliveryView {
  payload: Record<string, unknown>;
  isFeedEntry: boolean;
}

export interface ReplayRow {
  eventId: string;
  subscriptionId: string;
  agencyId: string;
  agreementIds: string[];
  payload: Record<string, unknown>;
  replayOf: string | null;
}

const iso = (v: unknown) => (v ? new Date(v as string).toISOString() : null);

function toView(r: Record<string, any>): DeliveryView {
  return {
    id: r.id,
    eventId: r.event_id,
    eventType: r.type,
    subjectId: r.subject_id,
    sequence: Number(r.sequence),
    agency: r.agency_id,
    subscriptionId: r.subscription_id,
    status: r.status,
    attempts: r.attempts,
    lastStatusCode: r.last_status_code,
    lastError: r.last_error,
    nextAttemptAt: iso(r.next_attempt_at),
    createdAt: iso(r.created_at)!,
    updatedAt: iso(r.updated_at)!,
    deliveredAt: iso(r.delivered_at),
    agreements: r.agreement_ids,
    replayOf: r.replay_of,
    replayId: r.replay_id,
  };
}

const SELECT_VIEW = `SELECT d.*, e.type, e.subject_id, e.sequence FROM deliveries d JOIN events e ON e.id = d.event_id`;

/** Operators' reads and replays of deliveries (webhook deliveries; feed entries are pulled). */
@Injectable()
export class OperatorDeliveriesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Newest first, a page at a time; an agency's list is scoped to its agency and subscription here, in SQL. */
  async list(q: DeliveryListQuery): Promise<Page<DeliveryView>> {
    const rows: Record<string, any>[] = await this.dataSource.query(
      `SELECT d.*, e.type, e.subject_id, e.sequence, ${cursorTimeSql('d.created_at')} AS created_at_text
         FROM deliveries d JOIN events e ON e.id = d.event_id
        WHERE d.status = ANY($1) AND ($6 OR d.feed_position IS NULL) AND ($2::text IS NULL OR d.agency_id = $2)
          AND ($7::uuid IS NULL OR d.subscription_id = $7)
          AND ($3::timestamptz IS NULL OR (d.created_at, d.id) < ($3::timestamptz, $4::uuid))
        ORDER BY d.created_at DESC, d.id DESC LIMIT $5`,
      [
        q.statuses,
        q.agency,
        q.after?.at ?? null,
        q.after?.id ?? null,
        q.limit + 1,
        q.includeFeedEntries,
        q.subscriptionId,
      ],
    );
    return pageOf(rows, q.limit, (r) => ({ at: r.created_at_text, id: r.id }), toView);
  }

  async findReplayable(
    id: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<ReplayableDelivery | null> {
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return null;
    const [r] = await manager.query(`${SELECT_VIEW} WHERE d.id = $1`, [id]);
    return r ? { ...toView(r), payload: r.payload, isFeedEntry: r.feed_position !== null } : null;
  }

  /**
   * Events raised in [from, to) that the subscription takes: those of its types, and corrections
   * it was sent without subscribing to them (owed to it for what it received). Oldest first; at
   * most `limit` + 1 to tell an over-full window.
   */
  async eventsInWindow(
    subscription: { id: string; eventTypes: string[] },
    from: string,
    to: string,
    limit: number,
  ): Promise<StoredEvent[]> {
    const rows: Record<string, any>[] = await this.dataSource.query(
      `SELECT * FROM events e
        WHERE e.created_at >= $2 AND e.created_at < $3 AND e.subject_id IS NOT NULL -- not the hub's own (a test)
          AND (e.type = ANY($1) OR (e.audience IS NOT NULL AND EXISTS (SELECT 1 FROM deliveries d WHERE d.event_id = e.id AND d.subscription_id = $5)))
        ORDER BY e.created_at, e.subject_id, e.sequence LIMIT $4`,
      [subscription.eventTypes, from, to, limit + 1, subscription.id],
    );
    return rows.map(toStoredEvent);
  }

  /** The routed (not replayed) deliveries of these events to one subscription, by event id. */
  async originals(subscriptionId: string, eventIds: string[]): Promise<Map<string, ReplayableDelivery>> {
    const rows: Record<string, any>[] = await this.dataSource.query(
      `${SELECT_VIEW} WHERE d.subscription_id = $1 AND d.replay_id IS NULL AND d.event_id = ANY($2::uuid[])`,
      [subscriptionId, eventIds],
    );
    return new Map(
      rows.map((r) => [r.event_id, { ...toView(r), payload: r.payload, isFeedEntry: r.feed_position !== null }]),
    );
  }

  /** A dead letter sent again as the same message: today's projection, a fresh retry budget. */
  async reopen(
    manager: EntityManager,
    id: string,
    agreementIds: string[],
    payload: Record<string, unknown>,
  ): Promise<boolean> {
    const rows = await sqlRows(
      manager,
      `UPDATE deliveries SET status = 'pending', attempts = 0, agreement_ids = $2, payload = $3, last_error = NULL,
              next_attempt_at = now(), updated_at = now()
        WHERE id = $1 AND status IN ('failed', 'dead', 'blocked') RETURNING id`,
      [id, agreementIds, JSON.stringify(payload)],
    );
    return rows.length > 0;
  }

  async recordReplay(
    manager: EntityManager,
    r: {
      kind: 'delivery' | 'window';
      subscriptionId: string;
      deliveryId?: string;
      from?: string;
      to?: string;
      reason: string | null;
      agency: string;
      sub: string;
      outcome: unknown;
    },
  ): Promise<{ id: string; requestedAt: string }> {
    const [row] = await manager.query(
      `INSERT INTO delivery_replays (kind, subscription_id, delivery_id, window_from, window_to, reason, requested_by_agency, requested_by_sub, outcome)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id, requested_at`,
      [
        r.kind,
        r.subscriptionId,
        r.deliveryId ?? null,
        r.from ?? null,
        r.to ?? null,
        r.reason,
        r.agency,
        r.sub,
        JSON.stringify(r.outcome),
      ],
    );
    return { id: row.id, requestedAt: new Date(row.requested_at).toISOString() };
  }

  async setReplayOutcome(manager: EntityManager, replayId: string, outcome: unknown): Promise<void> {
    await manager.query(`UPDATE delivery_replays SET outcome = $2 WHERE id = $1`, [replayId, JSON.stringify(outcome)]);
  }

  /** New deliveries for a window replay; returns their ids by event id. */
  async createReplayDeliveries(
    manager: EntityManager,
    replayId: string,
    rows: ReplayRow[],
  ): Promise<Map<string, string>> {
    if (!rows.length) return new Map();
    const created: { id: string; event_id: string }[] = await manager.query(
      `INSERT INTO deliveries (event_id, subscription_id, agency_id, agreement_ids, payload, status, next_attempt_at, replay_id, replay_of)
       SELECT e, s, a, string_to_array(g, ' '), p, 'pending', now(), $7, o
         FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::jsonb[], $6::uuid[]) AS t(e, s, a, g, p, o)
       RETURNING id, event_id`,
      [
        rows.map((r) => r.eventId),
        rows.map((r) => r.subscriptionId),
        rows.map((r) => r.agencyId),
        rows.map((r) => r.agreementIds.join(' ')),
        rows.map((r) => JSON.stringify(r.payload)),
        rows.map((r) => r.replayOf),
        replayId,
      ],
    );
    return new Map(created.map((c) => [c.event_id, c.id]));
  }
}
