import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { DisclosurePolicy } from '../agreements/disclosure-policy';
import type { Caller } from '../auth/agency';
import { AuditLog } from '../audit/audit-log';
import { toCloudEvent } from './cloud-event';
import { encodeFeedCursor } from './feed-cursor';

/**
 * Pull mode (GET /v1/feed): the agency's feed entries after a cursor, oldest first, each the
 * same CloudEvent a webhook would carry. Today's agreements are applied at read time: an entry
 * whose agreements no longer allow it is blocked and skipped (the cursor still moves past it).
 */
@Injectable()
export class FeedService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly policy: DisclosurePolicy,
    private readonly audit: AuditLog,
  ) {}

  async read(caller: Caller, after: bigint, limit: number) {
    await this.policy.refresh();
    const rows: Record<string, any>[] = await this.dataSource.query(
      `SELECT d.id, d.feed_position, d.agreement_ids, d.payload, d.status, e.id AS event_id, e.type, e.subject_id, e.sequence, e.created_at, e.data->'link' AS link
         FROM deliveries d JOIN events e ON e.id = d.event_id
        WHERE d.agency_id = $1 AND d.feed_position > $2
        ORDER BY d.feed_position LIMIT $3`,
      [caller.agency.id, after.toString(), limit],
    );
    const shown = rows.filter((r) => r.status !== 'blocked' && this.policy.stillInForce(r.agreement_ids));
    const blocked = rows.filter((r) => r.status !== 'blocked' && !shown.includes(r));

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
        await m.query(`UPDATE deliveries SET status = 'blocked', last_error = 'no agreement relied on is in force any more', updated_at = now() WHERE id = ANY($1::uuid[])`, [blocked.map((r) => r.id)]);
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
