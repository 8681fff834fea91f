import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { HUB_ENVIRONMENT, type HubEnvironment } from '../../../config/environment';
import {
  DisclosurePolicy,
  type DeliveryDecision,
  type DeliveryRequest,
  type SubjectFacts,
} from '../../agreements/disclosure-policy';
import type { Caller } from '../../auth/agency';
import { AuditLog } from '../../audit/audit-log';
import type { AuditEntry } from '../../audit/audit-entry';
import { ProblemException } from '../../common/problem';
import { SubjectEventsRepository, type StoredEvent } from '../../subjects/subject-events.repository';
import { subjectFacts } from '../../subjects/subject-reader';
import { SubjectRepository } from '../../subjects/subject.repository';
import type { Subscription } from '../../subscriptions/subscription';
import { SubscriptionRepository } from '../../subscriptions/subscription.repository';
import { DELIVERY_JOB, deliveryJobOptions } from '../delivery-workers';
import { ensureJob } from '../../queues/ensure-job';
import { deliveryQueueName, QueueFactory } from '../../queues/queue-factory';
import { payloadChanges, type PayloadChanges } from './payload-changes';
import {
  OperatorDeliveriesRepository,
  type ReplayableDelivery,
  type ReplayRow,
} from './operator-deliveries.repository';
import type { WindowReplayDto } from './replay.dto';

/** A window replay re-sends at most this many events; a larger one is refused, to be split. */
export const MAX_WINDOW_EVENTS = 5000;

export type ReplayOutcome = 'queued' | 'withheld' | 'already-pending';

/** What a replay did with one event, and what today's agreements changed. */
export interface ReplayItem {
  eventId: string;
  eventType: string;
  subjectId: string;
  sequence: number;
  outcome: ReplayOutcome;
  /** The delivery that will carry it (its id is the webhook-id), or the one already on its way. */
  deliveryId: string | null;
  original: { deliveryId: string; status: string } | null;
  agreements: { before: string[] | null; now: string[] };
  /** Relative to what was projected before; null when it was never sent to this subscription. */
  fields: PayloadChanges | null;
  reason?: string;
}

interface Decision {
  outcome: ReplayOutcome;
  public: ReplayItem;
  agreements: { now: string[] };
  payload: Record<string, unknown> | null;
}

/**
 * Operator replays. Both kinds re-apply today's agreements (and today's facts about the
 * subject) before anything leaves, and answer with what changed. A dead letter is replayed in
 * place: the same delivery, so the same webhook-id. A window replay re-sends each event as a
 * new delivery with its own webhook-id, so receivers that dedup take it again.
 */
@Injectable()
export class DeliveryReplayService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: OperatorDeliveriesRepository,
    private readonly subscriptions: SubscriptionRepository,
    private readonly subjects: SubjectRepository,
    private readonly events: SubjectEventsRepository,
    private readonly policy: DisclosurePolicy,
    private readonly queues: QueueFactory,
    private readonly audit: AuditLog,
    @Inject(HUB_ENVIRONMENT) private readonly env: HubEnvironment,
  ) {}

  async replayDelivery(caller: Caller, id: string, reason: string | null) {
    const d = await this.repository.findReplayable(id);
    if (!d) throw new ProblemException('DELIVERY_NOT_FOUND', 'No delivery has that id');
    if (d.isFeedEntry)
      throw new ProblemException(
        'REPLAY_OF_FEED_ENTRY',
        'This is a feed entry: the agency reads it again with an earlier cursor',
      );
    if (d.status === 'pending')
      throw new ProblemException('DELIVERY_ALREADY_WAITING', 'This delivery is already waiting to be sent');
    if (d.status === 'delivered') {
      throw new ProblemException(
        'DELIVERY_ALREADY_DELIVERED',
        'This delivery was delivered; to send it again as a new message, replay a window (POST /v1/admin/replay)',
      );
    }
    const subscription = await this.activeWebhookSubscription(d.subscriptionId);
    const event = await this.events.findById(d.eventId);
    if (!event) throw new ProblemException('EVENT_NO_LONGER_HELD', 'The event of this delivery is no longer held');
    const [item] = await this.decide(subscription, [{ event, original: d }], true);

    const result = await this.dataSource.transaction(async (m) => {
      if (item.outcome === 'queued' && !(await this.repository.reopen(m, d.id, item.agreements.now, item.payload!))) {
        throw new ProblemException(
          'DELIVERY_STATE_CHANGED',
          'The delivery changed state while being replayed; look again',
        );
      }
      const answer = { ...item.public, deliveryId: item.outcome === 'queued' ? d.id : null };
      const replay = await this.repository.recordReplay(m, {
        kind: 'delivery',
        subscriptionId: subscription.id,
        deliveryId: d.id,
        reason,
        agency: caller.agency.id,
        sub: caller.sub,
        outcome: answer,
      });
      await this.audit.record(this.auditEntries(caller, replay.id, subscription, [answer], reason), m);
      return { replayId: replay.id, requestedAt: replay.requestedAt, ...answer };
    });
    if (item.outcome === 'queued') await this.sendSoon(d.id, d.agency);
    return result;
  }

  async replayWindow(caller: Caller, dto: WindowReplayDto) {
    if (Date.parse(dto.to) <= Date.parse(dto.from)) {
      throw new ProblemException('REPLAY_WINDOW_INVALID', 'The window is empty', [
        { path: 'to', message: 'must be after from' },
      ]);
    }
    const subscription = await this.subscriptions.findById(dto.subscriptionId);
    if (!subscription || subscription.status === 'deleted') {
      throw new ProblemException('REPLAY_WINDOW_INVALID', 'No such subscription', [
        { path: 'subscriptionId', message: 'is not a subscription of the hub' },
      ]);
    }
    if (subscription.mode !== 'webhook') {
      throw new ProblemException('REPLAY_WINDOW_INVALID', 'Feed subscriptions are not replayed', [
        {
          path: 'subscriptionId',
          message: 'is a feed subscription: the agency reads the feed again with an earlier cursor',
        },
      ]);
    }
    await this.activeWebhookSubscription(subscription.id);
    const events = await this.repository.eventsInWindow(subscription, dto.from, dto.to, MAX_WINDOW_EVENTS);
    if (events.length > MAX_WINDOW_EVENTS) {
      throw new ProblemException(
        'REPLAY_WINDOW_INVALID',
        `The window holds more than ${MAX_WINDOW_EVENTS} events; replay it in parts`,
        [{ path: 'to', message: `makes a window of more than ${MAX_WINDOW_EVENTS} events` }],
      );
    }
    const originals = await this.repository.originals(
      subscription.id,
      events.map((e) => e.id),
    );
    const decided = await this.decide(
      subscription,
      events.map((event) => ({ event, original: originals.get(event.id) ?? null })),
      false,
    );

    const queued = decided.filter((i) => i.outcome === 'queued');
    const result = await this.dataSource.transaction(async (m) => {
      const replay = await this.repository.recordReplay(m, {
        kind: 'window',
        subscriptionId: subscription.id,
        from: dto.from,
        to: dto.to,
        reason: dto.reason ?? null,
        agency: caller.agency.id,
        sub: caller.sub,
        outcome: {},
      });
      const rows: ReplayRow[] = queued.map((i) => ({
        eventId: i.public.eventId,
        subscriptionId: subscription.id,
        agencyId: subscription.agencyId,
        agreementIds: i.agreements.now,
        payload: i.payload!,
        replayOf: i.public.original?.deliveryId ?? null,
      }));
      const created = await this.repository.createReplayDeliveries(m, replay.id, rows);
      const items = decided.map((i) =>
        i.outcome === 'queued' ? { ...i.public, deliveryId: created.get(i.public.eventId)! } : i.public,
      );
      const answer = {
        replayId: replay.id,
        requestedAt: replay.requestedAt,
        subscriptionId: subscription.id,
        agency: subscription.agencyId,
        from: new Date(dto.from).toISOString(),
        to: new Date(dto.to).toISOString(),
        counts: {
          events: items.length,
          queued: items.filter((i) => i.outcome === 'queued').length,
          withheld: items.filter((i) => i.outcome === 'withheld').length,
          alreadyPending: items.filter((i) => i.outcome === 'already-pending').length,
        },
        items,
      };
      await this.repository.setReplayOutcome(m, replay.id, answer);
      await this.audit.record(this.auditEntries(caller, replay.id, subscription, items, dto.reason ?? null), m);
      return answer;
    });
    const toSend = result.items.filter((i) => i.outcome === 'queued');
    if (toSend.length) {
      await this.queues.queue(deliveryQueueName(subscription.agencyId)).addBulk(
        toSend.map((i) => ({
          name: DELIVERY_JOB,
          data: { deliveryId: i.deliveryId! },
          opts: deliveryJobOptions(this.env, i.deliveryId!),
        })),
      );
    }
    return result;
  }

  private async activeWebhookSubscription(id: string): Promise<Subscription> {
    const subscription = await this.subscriptions.findById(id);
    if (!subscription || subscription.status !== 'active' || subscription.mode !== 'webhook' || !subscription.url) {
      throw new ProblemException(
        'SUBSCRIPTION_NOT_ACTIVE',
        `The subscription is ${subscription?.status ?? 'gone'}: there is nowhere to send it; the agency must subscribe again`,
      );
    }
    return subscription;
  }

  /**
   * Today's answer for each event and this subscription, compared with what was projected before,
   * decided as routing decides (a correction this subscription was sent goes again under the
   * agreements of what it corrects). `inPlace`: the original itself is being replayed;
   * otherwise one still on its way is left to go.
   */
  private async decide(
    subscription: Subscription,
    items: { event: StoredEvent; original: ReplayableDelivery | null }[],
    inPlace: boolean,
  ): Promise<Decision[]> {
    const subjects = await this.subjects.findByIds([...new Set(items.map((i) => i.event.subjectId))]);
    const facts = (subjectId: string): SubjectFacts | null => {
      const subject = subjects.get(subjectId);
      return subject ? subjectFacts(subject) : null;
    };
    const requests: DeliveryRequest[] = items.map(({ event, original }) => ({
      event,
      facts: facts(event.subjectId),
      subscription,
      ...(event.audience && original ? { correctionUnder: original.agreements } : {}),
    }));
    const decisions = await this.policy.forDeliveries(requests);
    return items.map(({ event, original }, i) => toDecision(event, original, decisions[i], inPlace));
  }

  /** The operator's act, one row per event so each subject's log shows it; the send itself is logged on delivery. */
  private auditEntries(
    caller: Caller,
    replayId: string,
    subscription: Subscription,
    items: ReplayItem[],
    reason: string | null,
  ): AuditEntry[] {
    return items.map((i) => ({
      action: 'DISCLOSURE',
      operation: i.outcome === 'queued' ? 'delivery.replay.queued' : `delivery.replay.${i.outcome}`,
      agencyId: caller.agency.id,
      actorSub: caller.sub,
      subjectId: i.subjectId,
      justification: reason ?? 'operator replay',
      agreementIds: i.agreements.now,
      recipients: i.outcome === 'queued' ? [subscription.agencyId] : [],
      correlationId: replayId,
      details: {
        replayId,
        eventId: i.eventId,
        deliveryId: i.deliveryId,
        originalDeliveryId: i.original?.deliveryId ?? null,
        withheldFields: i.fields?.withheld ?? [],
      },
    }));
  }

  /** Gets the reopened delivery sent now: a job parked for a later retry is brought forward. */
  private async sendSoon(deliveryId: string, agencyId: string): Promise<void> {
    const queue = this.queues.queue(deliveryQueueName(agencyId));
    const job = await queue.getJob(deliveryId);
    if (job && (await job.getState()) === 'delayed') {
      await job.promote().catch(() => undefined);
      return;
    }
    await ensureJob(queue, DELIVERY_JOB, { deliveryId }, deliveryJobOptions(this.env, deliveryId));
  }
}

function toDecision(
  event: StoredEvent,
  original: ReplayableDelivery | null,
  decision: DeliveryDecision,
  inPlace: boolean,
): Decision {
  const now = decision.agreements.map((a) => a.id).sort();
  const onItsWay = !inPlace && original !== null && ['pending', 'failed'].includes(original.status);
  const outcome: ReplayOutcome = onItsWay ? 'already-pending' : decision.allowed ? 'queued' : 'withheld';
  const item: ReplayItem = {
    eventId: event.id,
    eventType: event.type,
    subjectId: event.subjectId,
    sequence: event.sequence,
    outcome,
    deliveryId: outcome === 'already-pending' ? original!.id : null,
    original: original ? { deliveryId: original.id, status: original.status } : null,
    agreements: { before: original ? [...original.agreements].sort() : null, now },
    fields: original ? payloadChanges(original.payload, decision.payload ?? {}) : null,
    ...(outcome === 'withheld' ? { reason: decision.reason ?? 'withheld' } : {}),
  };
  return { outcome, public: item, agreements: { now }, payload: decision.payload };
}
