import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { HUB_ENVIRONMENT, type HubEnvironment } from '../../config/environment';
import { DisclosurePolicy, type SubjectFacts } from '../agreements/disclosure-policy';
import { todayInLondon } from '../canonical/civil-date';
import type { EventType } from '../canonical/event-types';
import { DeliveryRepository, type NewDelivery } from '../delivery/delivery.repository';
import { deliveryJobOptions } from '../delivery/delivery-workers';
import { deliveryQueueName, QueueFactory } from '../delivery/queue-factory';
import { hasActiveRegistration } from '../subjects/subject-read-model';
import { SubjectEventsRepository } from '../subjects/subject-events.repository';
import { SubjectRepository } from '../subjects/subject.repository';
import type { Subscription } from '../subscriptions/subscription';
import { SubscriptionRepository } from '../subscriptions/subscription.repository';

/**
 * Fan-out: event × active subscriptions × agreements → one delivery per (event, subscription),
 * payload projected to what the agreement(s) allow. Safe to run twice for one event.
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
    const subject = await this.subjects.findById(event.subjectId);
    if (!subject) return;
    // Facts as of now: an agreement's conditions are judged when the data leaves.
    const facts: SubjectFacts = { areas: subject.areas, mappaCategory: null, hasActiveRegistration: hasActiveRegistration(subject.record, todayInLondon()) };

    const planned: NewDelivery[] = [];
    for (const subscription of await this.subscriptions.activeFor(event.type)) {
      if (subscription.mode !== 'webhook' || !filterMatches(subscription, facts)) continue;
      const disclosure = this.policy.discloseEvent(subscription.agencyId, facts, event.type as EventType, event.data);
      if (!disclosure) continue;
      planned.push({
        eventId,
        subscriptionId: subscription.id,
        agencyId: subscription.agencyId,
        agreementIds: disclosure.agreements.map((a) => a.id),
        payload: disclosure.payload,
      });
    }

    const open = await this.dataSource.transaction(async (m) => {
      await this.deliveries.createMany(m, planned);
      await m.query(`UPDATE outbox SET routed_at = now() WHERE event_id = $1 AND routed_at IS NULL`, [eventId]);
      return this.deliveries.openForEvent(m, eventId);
    });
    // Enqueue after commit; a lost enqueue is found again by the relay's sweep.
    await Promise.all(open.map((d) => this.queues.queue(deliveryQueueName(d.agencyId)).add('deliver', { deliveryId: d.id }, deliveryJobOptions(this.env, d.id))));
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
