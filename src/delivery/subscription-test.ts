import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Caller } from '../auth/agency';
import { isPushed } from '../canonical/delivery-kinds';
import { ProblemException } from '../common/problem';
import { addJob, deliveryQueueName, deliverJob } from '../queues/hub-jobs';
import { QueueFactory } from '../queues/queue-factory';
import { SubjectEventsRepository } from '../subjects/subject-events.repository';
import { SubscriptionRepository } from '../subscriptions/subscription.repository';
import { DeliveryRepository } from './delivery.repository';

/** What POST /v1/subscriptions/{id}/test answers. */
export interface TestDeliveryQueued {
  deliveryId: string;
  eventId: string;
  type: 'hub.subscription.test';
  status: 'pending';
}

/**
 * A test event for one subscription: a `hub.subscription.test` event addressed to its owner
 * alone, and one delivery of it, committed together and then queued. From there it is any
 * delivery: signed, retried on the schedule, each attempt recorded (a lost enqueue is found by
 * the relay's sweep). It carries no personal data: the subscription's id and when it was asked.
 */
@Injectable()
export class SubscriptionTest {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly subscriptions: SubscriptionRepository,
    private readonly events: SubjectEventsRepository,
    private readonly deliveries: DeliveryRepository,
    private readonly queues: QueueFactory,
  ) {}

  async send(caller: Caller, subscriptionId: string): Promise<TestDeliveryQueued> {
    const s = await this.subscriptions.findOwned(subscriptionId, caller.agency.id);
    if (!s) throw new ProblemException('SUBSCRIPTION_NOT_FOUND', 'You have no subscription with that id');
    if (!isPushed(s.mode))
      throw new ProblemException('SUBSCRIPTION_NOT_PUSHED', `A ${s.mode} subscription is read, not sent to`);
    if (s.status !== 'active')
      throw new ProblemException('SUBSCRIPTION_NOT_ACTIVE', `The subscription is ${s.status}: nothing is sent to it`);
    const data = {
      test: { subscriptionId: s.id, requestedAt: new Date().toISOString() },
    };
    const queued = await this.dataSource.transaction(async (m) => {
      const event = await this.events.appendHubEvent(m, 'hub.subscription.test', data, [s.agencyId]);
      const deliveryId = await this.deliveries.createPending(m, {
        eventId: event.id,
        subscriptionId: s.id,
        agencyId: s.agencyId,
        agreementIds: [],
        payload: data,
      });
      return { deliveryId, eventId: event.id };
    });
    await addJob(this.queues.queue(deliveryQueueName(s.agencyId)), deliverJob(queued.deliveryId));
    return { ...queued, type: 'hub.subscription.test', status: 'pending' };
  }
}
