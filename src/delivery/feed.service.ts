import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { DisclosurePolicy } from '../agreements/disclosure-policy';
import type { Caller } from '../auth/agency';
import { AuditLog } from '../audit/audit-log';
import { SubjectEventsRepository } from '../subjects/subject-events.repository';
import { SubscriptionRepository } from '../subscriptions/subscription.repository';
import { toCloudEvent } from '../canonical/cloud-event';
import { DeliveryRepository } from './delivery.repository';
import { encodeFeedCursor } from './feed-cursor';
import { toOperationalCloudEvent } from '../canonical/operational-cloud-event';
import { OperationalEventsRepository } from './operational-events.repository';
import { SendTimeProjection } from './send-time-projection';

/**
 * Pull mode (GET /v1/feed): the agency's feed entries after a cursor, oldest first, each the
 * same CloudEvent a webhook would carry. Each entry is projected at read time from the stored
 * event with today's agreements: an entry whose agreements no longer allow it is blocked and
 * skipped (the cursor still moves past it); one they narrowed shows the narrowed payload.
 * Operational events about the agency's own subscriptions come in the same order; they hold no
 * personal data, so no agreement is asked and no disclosure is recorded for them.
 */
@Injectable()
export class FeedService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly deliveries: DeliveryRepository,
    private readonly events: SubjectEventsRepository,
    private readonly subscriptions: SubscriptionRepository,
    private readonly policy: DisclosurePolicy,
    private readonly projection: SendTimeProjection,
    private readonly audit: AuditLog,
    private readonly operational: OperationalEventsRepository,
  ) {}

  async read(caller: Caller, after: bigint, limit: number) {
    // Feed entries and operational events (adr/0023) share the agency's feed positions: the page
    // is the first `limit` of both, in position order.
    const [entries, notices] = await Promise.all([
      this.deliveries.feedPage(caller.agency.id, after, limit),
      this.operational.feedPage(caller.agency.id, after, limit),
    ]);
    const positions = [...entries.map((e) => e.feedPosition), ...notices.map((n) => n.feedPosition)]
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
      .slice(0, limit);
    const last = positions.length ? positions[positions.length - 1] : after;
    const page = entries.filter((e) => e.feedPosition <= last);
    const told = notices.filter((n) => n.feedPosition <= last);
    const open = page.filter((entry) => entry.status !== 'blocked');
    const events = new Map(
      (await this.events.findByIds([...new Set(open.map((entry) => entry.eventId))])).map((e) => [e.id, e]),
    );
    const subscriptions = await this.subscriptions.findByIds([...new Set(open.map((e) => e.subscriptionId))]);
    // Every entry's event and subscription are held (foreign keys; erasure empties, never deletes).
    const read = open.map((entry) => ({
      entry,
      event: events.get(entry.eventId)!,
      subscription: subscriptions.get(entry.subscriptionId)!,
    }));
    const now = await this.projection.project(
      read.map(({ entry, event, subscription }) => ({
        id: entry.id,
        agencyId: caller.agency.id,
        subjectId: event.subjectId,
        eventType: event.type,
        eventData: event.data,
        audience: event.audience,
        eventAreas: event.areas,
        backloaded: event.backloaded === true,
        agreementIds: entry.agreementIds,
        payload: entry.payload,
        subscriptionEventTypes: subscription.eventTypes,
        subscriptionFilter: subscription.filter ?? {},
      })),
    );
    const shown = read.flatMap((r, i) => {
      const p = now[i];
      return p.allowed ? [{ ...r, agreementIds: p.agreementIds, payload: p.payload }] : [];
    });
    const blocked = read.filter((_, i) => !now[i].allowed).map((r) => r.entry.id);

    await this.dataSource.transaction(async (m) => {
      for (const r of shown.filter((x) => x.entry.status === 'available')) {
        await this.deliveries.markFeedEntryRead(m, r.entry.id, this.policy.ackWithinMs(r.agreementIds, r.event.type));
      }
      await this.deliveries.blockFeedEntries(m, blocked);
      await this.audit.record(
        shown.map((r) => ({
          action: 'DISCLOSURE' as const,
          operation: 'feed.read',
          agencyId: caller.agency.id,
          actorSub: caller.sub,
          subjectId: r.event.subjectId,
          agreementIds: r.agreementIds,
          recipients: [caller.agency.id],
          correlationId: r.event.id,
          details: { deliveryId: r.entry.id, eventType: r.event.type },
        })),
        m,
      );
    });

    const items = [
      ...shown.map((r) => ({
        position: r.entry.feedPosition,
        event: toCloudEvent(
          {
            eventId: r.event.id,
            eventType: r.event.type,
            subjectId: r.event.subjectId,
            eventTime: r.event.createdAt,
            payload: r.payload,
            agreementIds: r.agreementIds,
            sequence: r.event.sequence,
            link: r.event.data.link,
            backloaded: r.event.backloaded === true,
          },
          this.policy.classificationOf(r.agreementIds),
        ) as Record<string, unknown>,
      })),
      ...told.map((n) => ({ position: n.feedPosition, event: toOperationalCloudEvent(n) as Record<string, unknown> })),
    ].sort((a, b) => (a.position < b.position ? -1 : a.position > b.position ? 1 : 0));
    return { events: items.map((i) => i.event), nextCursor: encodeFeedCursor(last) };
  }
}
