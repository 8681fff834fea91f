import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { DisclosurePolicy } from '../agreements/disclosure-policy';
import type { Caller } from '../auth/agency';
import { AuditLog } from '../audit/audit-log';
import { toCloudEvent } from './cloud-event';
import { encodeFeedCursor } from './feed-cursor';
import { SendTimeProjection } from './send-time-projection';

/**
 * Pull mode (GET /v1/feed): the agency's feed entries after a cursor, oldest first, each the
 * same CloudEvent a webhook would carry. Each entry is projected at read time from the stored
 * event with today's agreements: an entry whose agreements no longer allow it is blocked and
 * skipped (the cursor still moves past it); one they narrowed shows the narrowed payload.
 */
@Injectable()
export class FeedService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly policy: DisclosurePolicy,
    private readonly projection: SendTimeProjection,
    private readonly audit: AuditLog,
  ) {}

  async read(caller: Caller, after: bigint, limit: number) {
    const read: Record<string, any>[] = await this.dataSource.query(
      `SELECT d.id, d.feed_position, d.agreement_ids, d.payload, d.status, e.id AS event_id, e.type, e.subject_id, e.sequence, e.created_at, e.data->'link' AS link,
              e.data AS event_data, e.audience, e.areas AS event_areas, s.event_types AS subscription_event_types, s.filter AS subscription_filter
         FROM deliveries d JOIN events e ON e.id = d.event_id JOIN subscriptions s ON s.id = d.subscription_id
        WHERE d.agency_id = $1 AND d.feed_position > $2
        ORDER BY d.feed_position LIMIT $3`,
      [caller.agency.id, after.toString(), limit],
    );
    const open = read.filter((r) => r.status !== 'blocked');
    const now = await this.projection.project(
      open.map((r) => ({
        id: r.id,
        agencyId: caller.agency.id,
        subjectId: r.subject_id,
        eventType: r.type,
        eventData: r.event_data,
        audience: r.audience ?? null,
        eventAreas: r.event_areas ?? null,
        agreementIds: r.agreement_ids,
        payload: r.payload,
        subscriptionEventTypes: r.subscription_event_types,
        subscriptionFilter: r.subscription_filter ?? {},
      })),
    );
    const rows = read;
    const shown: Record<string, any>[] = open.flatMap((r, i) => {
      const p = now[i];
      return p.allowed ? [{ ...r, agreement_ids: p.agreementIds, payload: p.payload }] : [];
    });
    const blocked = open.filter((_, i) => !now[i].allowed);

    await this.dataSource.transaction(async (m) => {
      for (const r of shown.filter((x) => x.status === 'available')) {
        // First read: the agency now has it, so its acknowledgement clock starts.
        await m.query(
          `UPDATE deliveries SET status = 'delivered', delivered_at = now(), updated_at = now(),
                  ack_due_at = CASE WHEN $2::bigint IS NULL THEN NULL ELSE now() + make_interval(secs => $2::bigint / 1000.0) END
            WHERE id = $1 AND status = 'available'`,
          [r.id, this.policy.ackWithinMs(r.agreement_ids)],
        );
      }
      if (blocked.length) {
        await m.query(
          `UPDATE deliveries SET status = 'blocked', last_error = 'no agreement relied on is in force any more', updated_at = now() WHERE id = ANY($1::uuid[])`,
          [blocked.map((r) => r.id)],
        );
      }
      await this.audit.record(
        shown.map((r) => ({
          action: 'DISCLOSURE' as const,
          operation: 'feed.read',
          agencyId: caller.agency.id,
          actorSub: caller.sub,
          subjectId: r.subject_id,
          agreementIds: r.agreement_ids,
          recipients: [caller.agency.id],
          correlationId: r.event_id,
          details: { deliveryId: r.id, eventType: r.type },
        })),
        m,
      );
    });

    const last = rows.length ? BigInt(rows[rows.length - 1].feed_position) : after;
    return {
      events: shown.map((r) =>
        toCloudEvent(
          {
            eventId: r.event_id,
            eventType: r.type,
            subjectId: r.subject_id,
            eventTime: new Date(r.created_at).toISOString(),
            payload: r.payload,
            agreementIds: r.agreement_ids,
            sequence: Number(r.sequence),
            link: r.link,
          },
          this.policy.classificationOf(r.agreement_ids),
        ),
      ),
      nextCursor: encodeFeedCursor(last),
    };
  }
}
