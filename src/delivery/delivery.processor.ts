import { Inject, Injectable, Logger } from '@nestjs/common';
import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { DelayedError, type Job } from 'bullmq';
import { HUB_ENVIRONMENT, type HubEnvironment } from '../../config/environment';
import { HubTelemetry, type DeliveryOutcome } from '../telemetry/hub-telemetry';
import { inQueueSpan } from '../tracing/queue-spans';
import { contextFrom, currentTraceparent, hubTracer } from '../tracing/tracer';
import { deliveryQueueName } from '../queues/hub-jobs';
import { isPushed, needsUrl } from '../canonical/delivery-kinds';
import { DisclosurePolicy } from '../agreements/disclosure-policy';
import { SubjectEventsRepository } from '../subjects/subject-events.repository';
import { SubscriptionSecrets } from '../subscriptions/subscription-secrets';
import { SubscriptionRepository } from '../subscriptions/subscription.repository';
import { toCloudEvent } from '../canonical/cloud-event';
import { SendTimeProjection } from './send-time-projection';
import { DeliveryLedger } from './delivery-ledger';
import { DeliveryRepository, type DeliveryToSend } from './delivery.repository';
import type { TransportResult } from './delivery-transport.port';
import { DeliveryTransports } from './delivery-transports';
import { attemptsAllowed, nextDelayMs } from './retry-schedule';
import { SubscriptionHealth } from './subscription-health';

export interface DeliveryJob {
  deliveryId: string;
}

/** A job this close to its retry time may go ahead (timers are not exact). */
const EARLY_SLACK_MS = 250;

/**
 * Sends one attempt of a pushed delivery through its kind's transport (DeliveryTransports), and
 * acts on the outcome: delivered, retry on the schedule, dead-lettered, or (gone) dead-lettered
 * with the subscription disabled. Idempotent: a delivery already delivered, dead or blocked is
 * left alone, so BullMQ's at-least-once never sends a settled delivery twice. A failure to
 * reach Postgres or Redis throws, and BullMQ retries it with the infrastructure backoff; only
 * the receiver's answers move the delivery along its retry schedule.
 */
@Injectable()
export class DeliveryProcessor {
  private readonly logger = new Logger(DeliveryProcessor.name);

  constructor(
    private readonly deliveries: DeliveryRepository,
    private readonly ledger: DeliveryLedger,
    private readonly subscriptions: SubscriptionRepository,
    private readonly policy: DisclosurePolicy,
    private readonly projection: SendTimeProjection,
    private readonly transports: DeliveryTransports,
    @Inject(HUB_ENVIRONMENT) private readonly env: HubEnvironment,
    private readonly secrets: SubscriptionSecrets,
    private readonly telemetry: HubTelemetry,
    private readonly events: SubjectEventsRepository,
    private readonly health: SubscriptionHealth,
  ) {}

  async process(job: Job<DeliveryJob>, token?: string): Promise<void> {
    const startedAt = performance.now();
    const d = await this.deliveries.findToSend(job.data.deliveryId);
    if (!d || !['pending', 'failed'].includes(d.status)) return;
    // The rest runs in the trace of the event (a consumer span): its queries, Redis calls and the send.
    const eventTrace = await this.events.traceContextOf(d.eventId);
    return inQueueSpan('process', deliveryQueueName(d.agencyId), job.id ?? d.id, eventTrace, () =>
      this.attempt(job, token, d, eventTrace, startedAt),
    );
  }

  private async attempt(
    job: Job<DeliveryJob>,
    token: string | undefined,
    d: DeliveryToSend,
    eventTrace: string | undefined,
    startedAt: number,
  ): Promise<void> {
    const counted = (outcome: DeliveryOutcome) => this.telemetry.delivery(d.agencyId, outcome, startedAt);
    // A duplicate or stalled job woke up before the retry is due: wait for the schedule.
    if (d.status === 'failed' && d.nextAttemptAt && d.nextAttemptAt.getTime() > Date.now() + EARLY_SLACK_MS) {
      await this.later(job, token, d.nextAttemptAt.getTime());
    }
    if (d.subscriptionStatus !== 'active' || !isPushed(d.kind) || (needsUrl(d.kind) && !d.url)) {
      await this.deliveries.close(d.id, 'blocked', `subscription is ${d.subscriptionStatus}`, false);
      return counted('blocked');
    }
    // Projected now from the stored event with today's agreements: one narrowed since routing
    // sends the narrowed payload; one that expired, was suspended or no longer holds stops it.
    const [now] = await this.projection.project([d]);
    if (!now.allowed) {
      await this.deliveries.close(d.id, 'blocked', now.reason ?? 'no agreement relied on is in force any more', false);
      return counted('blocked');
    }
    const sending = { ...d, agreementIds: now.agreementIds, payload: now.payload };

    // CloudEvents distributed tracing: the event carries the trace it was raised in; the
    // `traceparent` header names this attempt, a child span of that trace.
    const body = JSON.stringify({
      ...toCloudEvent(sending, this.policy.classificationOf(sending.agreementIds)),
      ...(eventTrace ? { traceparent: eventTrace } : {}),
    });
    // Committed before the call: whatever the answer (or a crash), the data may have left the hub.
    const disclosure = {
      action: 'DISCLOSURE' as const,
      agencyId: 'hub',
      actorSub: 'system:delivery',
      subjectId: d.subjectId,
      justification: sending.agreementIds.length
        ? `event ${d.eventType} under ${sending.agreementIds.join(', ')}`
        : `event ${d.eventType}: the hub's own, no personal data`,
      agreementIds: sending.agreementIds,
      recipients: [d.agencyId],
      correlationId: d.eventId,
    };
    await this.ledger.attempted({
      ...disclosure,
      operation: 'delivery.attempted',
      details: { deliveryId: d.id, attempt: d.attempts + 1 },
    });
    // A child of the consumer span when traced; else of the event's stored trace, if any.
    const parent = trace.getSpan(context.active())
      ? context.active()
      : contextFrom(eventTrace ? { traceparent: eventTrace } : {});
    const span = hubTracer().startSpan(
      `deliver ${d.agencyId}`,
      {
        kind: SpanKind.CLIENT,
        attributes: {
          'hub.delivery_id': d.id,
          'hub.agency': d.agencyId,
          'hub.event_type': d.eventType,
          'hub.delivery_kind': d.kind,
          'hub.attempt': d.attempts + 1,
        },
      },
      parent,
    );
    const traceparent = currentTraceparent(trace.setSpan(parent, span));
    let result: TransportResult;
    try {
      result = await this.transports.for(d.kind).send({
        deliveryId: d.id,
        agencyId: d.agencyId,
        target: d.url,
        body,
        subscriptionSecrets: d.sealedSecret
          ? this.secrets.forSigning(d.subscriptionId, {
              current: d.sealedSecret,
              previous: d.previousSealedSecret,
              previousExpiresAt: d.previousSecretExpiresAt,
            })
          : [],
        ...(traceparent ? { traceparent } : {}),
      });
      if (result.statusCode !== undefined) span.setAttribute('http.response.status_code', result.statusCode);
      else if (result.outcome !== 'delivered') span.setStatus({ code: SpanStatusCode.ERROR, message: 'no answer' });
    } finally {
      span.end();
    }
    const statusCode = result.statusCode ?? null;
    // What the agency is told about its endpoint (adr/0023): ids, codes and the transport's reason only.
    const failed = {
      subscriptionId: d.subscriptionId,
      agencyId: d.agencyId,
      statusCode,
      reason: 'reason' in result ? result.reason : '',
    };

    switch (result.outcome) {
      case 'delivered':
        await this.ledger.delivered({
          id: d.id,
          subscriptionId: d.subscriptionId,
          statusCode,
          ackWithinMs: this.policy.ackWithinMs(sending.agreementIds, d.eventType),
          audit: {
            ...disclosure,
            operation: 'delivery.succeeded',
            details: { deliveryId: d.id, status: statusCode, attempt: d.attempts + 1 },
          },
        });
        return counted('delivered');
      case 'gone':
        await this.subscriptions.disable(d.subscriptionId, result.reason);
        await this.deliveries.close(d.id, 'dead', `${result.reason}; subscription disabled`, true, statusCode);
        await this.health.disabled(failed);
        return counted('dead');
      case 'permanent':
        await this.deliveries.close(d.id, 'dead', result.reason, true, statusCode);
        await this.health.attemptFailed(failed);
        return counted('dead');
      case 'retry':
        await this.health.attemptFailed(failed);
        return this.retryLater(job, token, d, result, counted);
    }
  }

  /**
   * Attempts are counted in Postgres, not by BullMQ, so the budget survives a Redis loss and
   * the hub's own outages never use it up.
   */
  private async retryLater(
    job: Job<DeliveryJob>,
    token: string | undefined,
    d: DeliveryToSend,
    result: Extract<TransportResult, { outcome: 'retry' }>,
    counted: (outcome: DeliveryOutcome) => void,
  ): Promise<void> {
    const statusCode = result.statusCode ?? null;
    const attempt = d.attempts + 1;
    if (attempt >= attemptsAllowed(this.env.retryScheduleMs)) {
      await this.deliveries.close(d.id, 'dead', `retries exhausted: ${result.reason}`, true, statusCode);
      this.logger.warn(`Delivery ${d.id} to ${d.agencyId} dead-lettered after ${attempt} attempts: ${result.reason}`);
      return counted('dead');
    }
    const delay = nextDelayMs(this.env.retryScheduleMs, attempt, result.afterMs);
    await this.deliveries.markFailed(d.id, statusCode, result.reason, delay);
    counted('retrying');
    await this.later(job, token, Date.now() + delay);
  }

  /** Parks the job until `at` without counting a BullMQ attempt (those are kept for infrastructure errors). */
  private async later(job: Job<DeliveryJob>, token: string | undefined, at: number): Promise<never> {
    await job.moveToDelayed(at, token);
    throw new DelayedError();
  }
}
