import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { HUB_ENVIRONMENT, type HubEnvironment } from '../../config/environment';
import { DisclosurePolicy, type DeliveryRequest } from '../agreements/disclosure-policy';
import { DeliveryRepository, type NewDelivery } from '../delivery/delivery.repository';
import { isPushed } from '../canonical/delivery-kinds';
import { Batcher } from '../database/batcher';
import { addJob, deliveryQueueName, deliverJob } from '../queues/hub-jobs';
import { QueueFactory } from '../queues/queue-factory';
import { subjectFacts } from '../subjects/subject-facts';
import { correctionsOwed } from './corrections-owed';
import { SubjectEventsRepository, type StoredEvent } from '../subjects/subject-events.repository';
import { SubjectRepository, type StoredSubject } from '../subjects/subject.repository';
import { SubscriptionRepository } from '../subscriptions/subscription.repository';
import { inQueueSpan } from '../tracing/queue-spans';

/**
 * Fan-out: event × active subscriptions × agreements → one delivery per (event, subscription),
 * payload projected to what the agreement(s) allow. Safe to run twice for one event.
 *
 * Events of one subject are routed in sequence order: routing takes the subject's lock and
 * routes every earlier unrouted event of that subject first, so deliveries are created (and
 * feed positions taken) in the order the subject's events happened.
 *
 * The routing jobs in flight at one moment share one transaction (see Batcher): one lock
 * statement, one read of each kind, one insert of all their deliveries. A batch that fails is
 * routed again job by job.
 */
@Injectable()
export class EventRouter {
  private readonly batches = new Batcher<string, void>(async (eventIds) => {
    await this.routeMany(eventIds);
    return eventIds.map(() => undefined);
  }, 32);

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

  /** Resolves once the event (and its subject's earlier events) is routed and its open deliveries enqueued. */
  route(eventId: string): Promise<void> {
    return this.batches.submit(eventId);
  }

  private async routeMany(eventIds: string[]): Promise<void> {
    const asked = await this.events.findByIds(eventIds);
    if (!asked.length) return;
    const upTo = new Map<string, number>();
    for (const e of asked) upTo.set(e.subjectId, Math.max(upTo.get(e.subjectId) ?? 0, e.sequence));

    const open = await this.dataSource.transaction(async (m) => {
      // All the batch's subjects in one statement, in sorted order, so two batches never deadlock.
      const subjectIds = [...upTo.keys()].sort();
      await m.query(`SELECT count(pg_advisory_xact_lock(hashtext('route:' || s))) FROM unnest($1::text[]) AS s`, [
        subjectIds,
      ]);
      // An erased subject has no record: its events are not routed.
      const subjects = await this.subjects.findByIds(subjectIds, m);
      const due = (await this.events.unroutedUpTo(m, upTo)).filter((e) => subjects.has(e.subjectId));
      if (due.length) await this.routeAll(m, due, subjects);
      // Re-routing a routed event (a lost job found by the sweep) re-enqueues its open deliveries.
      const ids = new Set([
        ...due.map((e) => e.id),
        ...asked.filter((e) => subjects.has(e.subjectId)).map((e) => e.id),
      ]);
      return this.deliveries.openForEvents(m, [...ids]);
    });
    // Enqueue after commit; a lost enqueue is found again by the relay's sweep.
    await Promise.all(
      open.map((d) => {
        const queue = deliveryQueueName(d.agencyId);
        return inQueueSpan('publish', queue, d.id, d.traceContext, () =>
          addJob(this.queues.queue(queue), deliverJob(d.id)),
        );
      }),
    );
  }

  /** Creates the deliveries of the due events (each subject's in sequence order) and marks them routed. */
  private async routeAll(m: EntityManager, due: StoredEvent[], subjects: Map<string, StoredSubject>): Promise<void> {
    // A pushed kind's deliveries are queued to be sent; a pulled kind's wait in feed order.
    const pushed: NewDelivery[] = [];
    const pulled: NewDelivery[] = [];
    const owed = await correctionsOwed(m, due);
    const owedSubscriptionIds = [...owed.values()].flatMap((bySubscription) => [...bySubscription.keys()]);
    const subscriptions = await this.subscriptions.activeFor(
      [...new Set(due.map((e) => e.type))],
      m,
      owedSubscriptionIds,
    );
    // Facts as of now: an agreement's conditions are judged when the data leaves.
    const facts = new Map([...subjects].map(([id, subject]) => [id, subjectFacts(subject)]));
    const pairs = due.flatMap((event) => subscriptions.map((subscription) => ({ event, subscription })));
    const requests: DeliveryRequest[] = pairs.map(({ event, subscription }) => {
      const owedUnder = owed.get(event.id)?.get(subscription.id);
      return {
        event,
        facts: facts.get(event.subjectId) ?? null,
        subscription,
        ...(owedUnder ? { correctionUnder: owedUnder } : {}),
      };
    });
    const decisions = await this.policy.forDeliveries(requests);
    pairs.forEach(({ event, subscription }, i) => {
      const decision = decisions[i];
      if (!decision.allowed) return;
      (isPushed(subscription.mode) ? pushed : pulled).push({
        eventId: event.id,
        subscriptionId: subscription.id,
        agencyId: subscription.agencyId,
        agreementIds: decision.agreements.map((a) => a.id),
        // What it would carry now; the send (or the feed read) projects again with that day's agreements.
        payload: decision.payload!,
      });
    });
    await this.deliveries.createMany(m, pushed);
    await this.deliveries.createFeedEntries(m, pulled);
    await m.query(`UPDATE outbox SET routed_at = now() WHERE event_id = ANY($1::uuid[]) AND routed_at IS NULL`, [
      due.map((e) => e.id),
    ]);
  }
}
