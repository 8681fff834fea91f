import type { DeliveryKind } from '../canonical/delivery-kinds';
import { Batcher } from '../database/batcher';
import { affectedRows, sqlRows } from '../database/sql-rows';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';

/** `available`: a feed entry the agency has not read yet (it becomes `delivered` on first read). */
export type DeliveryStatus = 'pending' | 'failed' | 'delivered' | 'dead' | 'blocked' | 'available';

/** Deliveries that reached (or are on their way to) their recipient; a dead or blocked one never arrived. */
export const RECEIVED_STATUSES: DeliveryStatus[] = ['delivered', 'available', 'pending', 'failed'];

/** A delivery with what is needed to send it. */
export interface DeliveryToSend {
  id: string;
  eventId: string;
  eventType: string;
  /** Null for the hub's own events (`hub.*`), which concern no subject. */
  subjectId: string | null;
  sequence: number;
  eventTime: string;
  agencyId: string;
  agreementIds: string[];
  payload: Record<string, unknown>;
  status: DeliveryStatus;
  attempts: number;
  /** When a failed delivery's next attempt is due. */
  nextAttemptAt: Date | null;
  subscriptionId: string;
  subscriptionStatus: string;
  /** The subscription's delivery kind: which transport sends it. */
  kind: DeliveryKind;
  url: string | null;
  /** The subscription's webhook secret as stored (sealed); opened only to sign (SubscriptionSecrets). */
  sealedSecret: string | null;
  /** The secret a rotation replaced, and until when it still signs (null: none). */
  previousSealedSecret: string | null;
  previousSecretExpiresAt: Date | null;
  link: unknown;
  /** The full event as stored: the payload is projected from it at each attempt, with that day's agreements. */
  eventData: Record<string, unknown>;
  audience: string[] | null;
  /** The subject's areas when the event was raised (null: not recorded then). */
  eventAreas: string[] | null;
  /** Raised by the bulk import of history (the CloudEvent says so; agreements decide whether it goes). */
  backloaded?: boolean;
  subscriptionEventTypes: string[];
  subscriptionFilter: { areas?: string[]; mappaCategories?: number[] };
}

export interface NewDelivery {
  eventId: string;
  subscriptionId: string;
  agencyId: string;
  agreementIds: string[];
  payload: Record<string, unknown>;
}

/** A delivery still to be sent, and the earliest it may go (a failed one waits for its retry). */
export interface OpenDelivery {
  id: string;
  agencyId: string;
  notBefore: Date | null;
}

function toOpenDelivery(r: {
  id: string;
  agency_id: string;
  status: string;
  next_attempt_at: Date | null;
}): OpenDelivery {
  return {
    id: r.id,
    agencyId: r.agency_id,
    notBefore: r.status === 'failed' && r.next_attempt_at ? new Date(r.next_attempt_at) : null,
  };
}

function toSend(r: Record<string, any>): DeliveryToSend {
  return {
    id: r.id,
    eventId: r.event_id,
    eventType: r.type,
    subjectId: r.subject_id,
    sequence: Number(r.sequence),
    eventTime: new Date(r.event_time).toISOString(),
    agencyId: r.agency_id,
    agreementIds: r.agreement_ids,
    payload: r.payload,
    status: r.status,
    attempts: r.attempts,
    nextAttemptAt: r.next_attempt_at ? new Date(r.next_attempt_at) : null,
    subscriptionId: r.subscription_id,
    subscriptionStatus: r.subscription_status,
    kind: r.mode,
    url: r.url,
    sealedSecret: r.secret_sealed,
    previousSealedSecret: r.previous_secret_sealed ?? null,
    previousSecretExpiresAt: r.previous_secret_expires_at ? new Date(r.previous_secret_expires_at) : null,
    link: r.link,
    eventData: r.event_data,
    audience: r.audience,
    eventAreas: r.event_areas ?? null,
    backloaded: r.backloaded === true,
    subscriptionEventTypes: r.subscription_event_types,
    subscriptionFilter: r.subscription_filter ?? {},
  };
}

/** A feed entry as stored: one delivery row of a pulled kind, at its place in the agency's feed. */
export interface FeedEntry {
  id: string;
  feedPosition: bigint;
  eventId: string;
  subscriptionId: string;
  agreementIds: string[];
  payload: Record<string, unknown>;
  status: DeliveryStatus;
}

interface FeedEntryRow {
  id: string;
  feed_position: string;
  event_id: string;
  subscription_id: string;
  agreement_ids: string[];
  payload: Record<string, unknown>;
  status: DeliveryStatus;
}

function toFeedEntry(r: FeedEntryRow): FeedEntry {
  return {
    id: r.id,
    feedPosition: BigInt(r.feed_position),
    eventId: r.event_id,
    subscriptionId: r.subscription_id,
    agreementIds: r.agreement_ids,
    payload: r.payload,
    status: r.status,
  };
}

/** The smallest uuid: where an id-ordered walk starts. */
export const FIRST_ID = '00000000-0000-0000-0000-000000000000';

/** One row per (event, subscription): the exact record of what was disclosed to whom, and under what. */
@Injectable()
export class DeliveryRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Idempotent: a re-routed event finds its deliveries already there. */
  async createMany(manager: EntityManager, deliveries: NewDelivery[]): Promise<void> {
    if (!deliveries.length) return;
    await manager.query(
      `INSERT INTO deliveries (event_id, subscription_id, agency_id, agreement_ids, payload, status, next_attempt_at)
       SELECT e, s, a, string_to_array(g, ' '), p, 'pending', now()
         FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::jsonb[]) AS t(e, s, a, g, p)
       ON CONFLICT (event_id, subscription_id) WHERE replay_id IS NULL DO NOTHING`,
      [
        deliveries.map((d) => d.eventId),
        deliveries.map((d) => d.subscriptionId),
        deliveries.map((d) => d.agencyId),
        deliveries.map((d) => d.agreementIds.join(' ')),
        deliveries.map((d) => JSON.stringify(d.payload)),
      ],
    );
  }

  /** One pending delivery, to be sent at once; returns its id (the webhook-id). */
  async createPending(manager: EntityManager, d: NewDelivery): Promise<string> {
    const [row] = await sqlRows<{ id: string }>(
      manager,
      `INSERT INTO deliveries (event_id, subscription_id, agency_id, agreement_ids, payload, status, next_attempt_at)
       VALUES ($1, $2, $3, $4, $5, 'pending', now()) RETURNING id`,
      [d.eventId, d.subscriptionId, d.agencyId, d.agreementIds, JSON.stringify(d.payload)],
    );
    return row.id;
  }

  /**
   * Feed entries, one per (event, agency). Positions are taken under a per-agency lock held to
   * commit, so within an agency they become visible in increasing order and a reader's cursor
   * never skips an entry that commits late.
   */
  async createFeedEntries(manager: EntityManager, entries: NewDelivery[]): Promise<void> {
    if (!entries.length) return;
    for (const agency of [...new Set(entries.map((e) => e.agencyId))].sort()) {
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext('feed:' || $1))`, [agency]);
    }
    for (const e of entries) {
      await manager.query(
        `INSERT INTO deliveries (event_id, subscription_id, agency_id, agreement_ids, payload, status, feed_position)
         SELECT $1, $2, $3, $4, $5, 'available', nextval('feed_positions')
          WHERE NOT EXISTS (SELECT 1 FROM deliveries WHERE event_id = $1 AND agency_id = $3 AND feed_position IS NOT NULL)
         ON CONFLICT DO NOTHING`,
        [e.eventId, e.subscriptionId, e.agencyId, e.agreementIds, JSON.stringify(e.payload)],
      );
    }
  }

  /** The agency's feed entries after a position, oldest first. */
  async feedPage(agencyId: string, after: bigint, limit: number): Promise<FeedEntry[]> {
    const rows = await sqlRows<FeedEntryRow>(
      this.dataSource.manager,
      `SELECT id, feed_position, event_id, subscription_id, agreement_ids, payload, status FROM deliveries
        WHERE agency_id = $1 AND feed_position > $2 ORDER BY feed_position LIMIT $3`,
      [agencyId, after.toString(), limit],
    );
    return rows.map(toFeedEntry);
  }

  /**
   * First read of a feed entry: the agency now has it, so its acknowledgement clock starts
   * (`ackWithinMs` null: the agreement asks for none).
   */
  async markFeedEntryRead(manager: EntityManager, id: string, ackWithinMs: number | null): Promise<void> {
    await manager.query(
      `UPDATE deliveries SET status = 'delivered', delivered_at = now(), updated_at = now(),
              ack_due_at = CASE WHEN $2::bigint IS NULL THEN NULL ELSE now() + make_interval(secs => $2::bigint / 1000.0) END
        WHERE id = $1 AND status = 'available'`,
      [id, ackWithinMs],
    );
  }

  /** Feed entries today's agreements no longer allow: never shown again. */
  async blockFeedEntries(manager: EntityManager, ids: string[]): Promise<void> {
    if (!ids.length) return;
    await manager.query(
      `UPDATE deliveries SET status = 'blocked', last_error = 'no agreement relied on is in force any more', updated_at = now() WHERE id = ANY($1::uuid[])`,
      [ids],
    );
  }

  /** Open deliveries of an event (to (re)enqueue after routing). */
  /** The open deliveries of these events, each with its event's trace (the enqueue joins it). */
  async openForEvents(
    manager: EntityManager,
    eventIds: string[],
  ): Promise<{ id: string; agencyId: string; traceContext: string | null }[]> {
    if (!eventIds.length) return [];
    const rows = await manager.query(
      `SELECT d.id, d.agency_id, e.trace_context FROM deliveries d JOIN events e ON e.id = d.event_id
        WHERE d.event_id = ANY($1::uuid[]) AND d.status IN ('pending', 'failed')`,
      [eventIds],
    );
    return rows.map((r: { id: string; agency_id: string; trace_context: string | null }) => ({
      id: r.id,
      agencyId: r.agency_id,
      traceContext: r.trace_context,
    }));
  }

  /** The delivery and what sending it needs; the workers' concurrent reads share one query (see Batcher). */
  findToSend(id: string): Promise<DeliveryToSend | null> {
    return this.toSend.submit(id);
  }

  private readonly toSend = new Batcher<string, DeliveryToSend | null>(async (ids) => {
    const rows: Record<string, any>[] = await this.dataSource.query(
      `SELECT d.*, e.type, e.subject_id, e.sequence, e.created_at AS event_time, e.data->'link' AS link, e.data AS event_data, e.audience, e.areas AS event_areas, e.backloaded,
              s.status AS subscription_status, s.mode, s.url, s.secret_sealed, s.previous_secret_sealed, s.previous_secret_expires_at, s.event_types AS subscription_event_types, s.filter AS subscription_filter
         FROM deliveries d JOIN events e ON e.id = d.event_id JOIN subscriptions s ON s.id = d.subscription_id
        WHERE d.id = ANY($1::uuid[])`,
      [ids],
    );
    const byId = new Map(rows.map((r) => [r.id as string, r]));
    return ids.map((id) => {
      const r = byId.get(id);
      return r ? toSend(r) : null;
    });
  });

  /**
   * Marks deliveries delivered in one statement; answers the ids it moved (a delivery already
   * settled is left alone). `ackWithinMs`: the agreement's acknowledgement window, which starts
   * now (null: none asked).
   */
  async markDelivered(
    manager: EntityManager,
    sent: { id: string; statusCode: number | null; ackWithinMs: number | null }[],
  ): Promise<Set<string>> {
    const rows = await sqlRows<{ id: string }>(
      manager,
      `UPDATE deliveries SET status = 'delivered', attempts = attempts + 1, last_status_code = t.code, last_error = NULL,
              delivered_at = now(), updated_at = now(), next_attempt_at = NULL,
              -- A replay of something already delivered starts no second acknowledgement clock.
              ack_due_at = CASE WHEN t.ack IS NULL OR EXISTS (SELECT 1 FROM deliveries o WHERE o.id = deliveries.replay_of AND o.status = 'delivered')
                                THEN NULL ELSE now() + make_interval(secs => t.ack / 1000.0) END
         FROM unnest($1::uuid[], $2::int[], $3::bigint[]) AS t(id, code, ack)
        WHERE deliveries.id = t.id AND deliveries.status IN ('pending', 'failed') RETURNING deliveries.id`,
      [sent.map((d) => d.id), sent.map((d) => d.statusCode), sent.map((d) => d.ackWithinMs)],
    );
    return new Set(rows.map((r) => r.id));
  }

  /**
   * Records what a delivery now carries, as projected at this attempt (or feed read) with that
   * day's agreements, so the row stays the exact record of what left and under what.
   */
  async reproject(
    manager: EntityManager = this.dataSource.manager,
    changed: { id: string; agreementIds: string[]; payload: Record<string, unknown> }[] = [],
  ): Promise<void> {
    if (!changed.length) return;
    await manager.query(
      `UPDATE deliveries SET agreement_ids = string_to_array(t.g, ' '), payload = t.p, updated_at = now()
         FROM unnest($1::uuid[], $2::text[], $3::jsonb[]) AS t(id, g, p) WHERE deliveries.id = t.id`,
      [
        changed.map((c) => c.id),
        changed.map((c) => c.agreementIds.join(' ')),
        changed.map((c) => JSON.stringify(c.payload)),
      ],
    );
  }

  async markFailed(
    id: string,
    statusCode: number | null,
    error: string,
    nextAttemptInMs: number | null,
  ): Promise<void> {
    await this.dataSource.query(
      `UPDATE deliveries SET status = 'failed', attempts = attempts + 1, last_status_code = $2, last_error = $3, updated_at = now(),
              next_attempt_at = CASE WHEN $4::bigint IS NULL THEN NULL ELSE now() + make_interval(secs => $4::bigint / 1000.0) END
        WHERE id = $1 AND status IN ('pending', 'failed')`,
      [id, statusCode, error.slice(0, 500), nextAttemptInMs],
    );
  }

  /** Ends a delivery without success: dead (operator can replay) or blocked (no agreement allows it now). */
  async close(
    id: string,
    status: 'dead' | 'blocked',
    reason: string,
    countAttempt: boolean,
    statusCode: number | null = null,
  ): Promise<void> {
    await this.dataSource.query(
      `UPDATE deliveries SET status = $2, last_error = $3, attempts = attempts + $4, last_status_code = COALESCE($5, last_status_code),
              updated_at = now(), next_attempt_at = NULL
        WHERE id = $1 AND status IN ('pending', 'failed')`,
      [id, status, reason.slice(0, 500), countAttempt ? 1 : 0, statusCode],
    );
  }

  /**
   * Open deliveries overdue by `olderThanMs` (their job may have been lost), in id order after
   * `afterId` so repeated sweeps walk the whole backlog rather than the same first page.
   */
  async overdue(olderThanMs: number, afterId: string, limit: number): Promise<OpenDelivery[]> {
    const rows = await this.dataSource.query(
      `SELECT id, agency_id, status, next_attempt_at FROM deliveries
        WHERE ((status = 'pending' AND updated_at < now() - make_interval(secs => $1 / 1000.0))
            OR (status = 'failed' AND next_attempt_at < now() - make_interval(secs => $1 / 1000.0)))
          AND id > $2
        ORDER BY id LIMIT $3`,
      [olderThanMs, afterId, limit],
    );
    return rows.map(toOpenDelivery);
  }

  /** Every open delivery, a page at a time (re-driving a Redis that lost its data). */
  async openPage(afterId: string, limit: number): Promise<OpenDelivery[]> {
    const rows = await this.dataSource.query(
      `SELECT id, agency_id, status, next_attempt_at FROM deliveries WHERE status IN ('pending', 'failed') AND id > $1 ORDER BY id LIMIT $2`,
      [afterId, limit],
    );
    return rows.map(toOpenDelivery);
  }

  /**
   * Erasure: the deliveries of these events keep who received what and when, not the payload;
   * open ones are blocked and their acknowledgement clocks stopped.
   */
  async eraseForEvents(manager: EntityManager, eventIds: string[]): Promise<{ deliveries: number }> {
    return {
      deliveries: await affectedRows(
        manager,
        `UPDATE deliveries d SET payload = '{}',
                status = CASE WHEN d.status IN ('pending', 'failed', 'available') THEN 'blocked' ELSE d.status END,
                last_error = CASE WHEN d.status IN ('pending', 'failed', 'available') THEN 'subject erased' ELSE d.last_error END,
                next_attempt_at = NULL, ack_due_at = NULL, updated_at = now()
          WHERE d.event_id = ANY($1::uuid[])`,
        [eventIds],
      ),
    };
  }
}
