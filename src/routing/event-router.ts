import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { HUB_ENVIRONMENT, type HubEnvironment } from '../../config/environment';
import { DisclosurePolicy, type SubjectFacts } from '../agreements/disclosure-policy';
import type { EventType } from '../canonical/event-types';
import { DeliveryRepository, type NewDelivery } from '../delivery/delivery.repository';
import { deliveryJobOptions } from '../delivery/delivery-workers';
import { deliveryQueueName, QueueFactory } from '../delivery/queue-factory';
import { subjectFacts } from '../subjects/subject-facts';
import { SubjectEventsRepository, type StoredEvent } from '../subjects/subject-events.repository';
import { SubjectRepository } from '../subjects/subject.repository';
import type { Subscription } from '../subscriptions/subscription';
import { SubscriptionRepository } from '../subscriptions/subscription.repository';

/**
 * Fan-out: event × active subscriptions × agreements → one delivery per (event, subscription),
 * payload projected to what the agreement(s) allow. Safe to run twice for one event.
 *
 * Events of one subject are routed in sequence order: a routing job takes the subject's lock
 * and routes every earlier unrouted event of that subject first, so deliveries are created
 * (and feed positions taken) in the order the subject's events happened.
 */
@Injectable()
export class EventRouter {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly events: SubjectEventsRepository,
    private readonly subjects: SubjectRepository,
    private readonly subscriptions: SubscriptionRepository,
    private readonly deliveries: DeliveryRepository,
    private readonly policy: DisclosurePolicy,
    private readonly queues: QueueFactory,
    @Inject(HUB_ENVIRONMENT) private readonly env: HubEnvironment,
  ) {}

  async route(eventId: string): Promise<void> {
    const event = await this.events.findById(eventId);
    if (!event) return;
    await this.policy.refresh();

    const open = await this.dataSource.transaction(async (m) => {
      await m.query(`SELECT pg_advisory_xact_lock(hashtext('route:' || $1))`, [event.subjectId]);
      const subject = await this.subjects.findById(event.subjectId, m);
      if (!subject) return [];
      // Facts as of now: an agreement's conditions are judged when the data leaves.
      const facts = subjectFacts(subject);
      const due: { id: string }[] = await m.query(
        `SELECT e.id FROM outbox o JOIN events e ON e.id = o.event_id
          WHERE e.subject_id = $1 AND e.sequence <= $2 AND o.routed_at IS NULL
          ORDER BY e.sequence`,
        [event.subjectId, event.sequence],
      );
      const opened: { id: string; agencyId: string }[] = [];
      for (const { id } of due) {
        const next = id === event.id ? event : await this.events.findById(id, m);
        if (next) opened.push(...(await this.routeOne(m, next, facts)));
      }
      // Re-routing a routed event (a lost job found by the sweep) re-enqueues its open deliveries.
      if (!due.some((d) => d.id === event.id)) opened.push(...(await this.deliveries.openForEvent(m, event.id)));
      return opened;
    });
    // Enqueue after commit; a lost enqueue is found again by the relay's sweep.
    await Promise.all(open.map((d) => this.queues.queue(deliveryQueueName(d.agencyId)).add('deliver', { deliveryId: d.id }, deliveryJobOptions(this.env, d.id))));
  }

  private async routeOne(m: EntityManager, event: StoredEvent, facts: SubjectFacts): Promise<{ id: string; agencyId: string }[]> {
    const webhooks: NewDelivery[] = [];
    const feedEntries: NewDelivery[] = [];
    for (const subscription of await this.subscriptions.activeFor(event.type)) {
      if (!filterMatches(subscription, facts)) continue;
      const disclosure = this.policy.discloseEvent(subscription.agencyId, facts, event.type as EventType, event.data);
      if (!disclosure) continue;
      (subscription.mode === 'feed' ? feedEntries : webhooks).push({
        eventId: event.id,
        subscriptionId: subscription.id,
        agencyId: subscription.agencyId,
        agreementIds: disclosure.agreements.map((a) => a.id),
        payload: disclosure.payload,
      });
    }
    await this.deliveries.createMany(m, webhooks);
    await this.deliveries.createFeedEntries(m, feedEntries);
    await m.query(`UPDATE outbox SET routed_at = now() WHERE event_id = $1 AND routed_at IS NULL`, [event.id]);
    return this.deliveries.openForEvent(m, event.id);
  }
}

function filterMatches(s: Subscription, facts: SubjectFacts): boolean {
  if (s.filter.areas?.length && !s.filter.areas.some((a) => facts.areas.includes(a))) return false;
  if (s.filter.mappaCategories?.length) {
    const category = facts.mappaCategory ?? (facts.hasActiveRegistration ? 1 : null);
    if (category === null || !s.filter.mappaCategories.includes(category)) return false;
  }
  return true;
}
