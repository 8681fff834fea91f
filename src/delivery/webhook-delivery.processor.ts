import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { DelayedError, type Job } from 'bullmq';
import type { DataSource } from 'typeorm';
import { HUB_ENVIRONMENT, type HubEnvironment } from '../../config/environment';
import { HubTelemetry, type DeliveryOutcome } from '../telemetry/hub-telemetry';
import { contextFrom, currentTraceparent, hubTracer } from '../tracing/tracer';
import { DisclosurePolicy } from '../agreements/disclosure-policy';
import { SubscriptionSecrets } from '../subscriptions/subscription-secrets';
import { SubscriptionRepository } from '../subscriptions/subscription.repository';
import { toCloudEvent } from './cloud-event';
import { SendTimeProjection } from './send-time-projection';
import { DeliveryLedger } from './delivery-ledger';
import { DeliveryRepository } from './delivery.repository';
import { OUTBOUND_TRANSPORT, type OutboundTransport } from './outbound-transport.port';
import { attemptsAllowed, nextDelayMs } from './retry-schedule';
import { WebhookSigner } from './webhook-signer';

export interface DeliveryJob {
  deliveryId: string;
}

/** A job this close to its retry time may go ahead (timers are not exact). */
const EARLY_SLACK_MS = 250;

/** 4xx other than 408 and 429 will not get better by retrying (api.md). */
function isPermanent(status: number): boolean {
  return status >= 400 && status < 500 && status !== 408 && status !== 429;
}

/**
 * Sends one delivery attempt. Idempotent: a delivery already delivered, dead or blocked is
 * left alone, so BullMQ's at-least-once never sends a settled delivery twice. A failure to
 * reach Postgres or Redis throws, and BullMQ retries it with the infrastructure backoff; only
 * the receiver's answers move the delivery along its retry schedule.
 */
@Injectable()
export class WebhookDeliveryProcessor {
  private readonly logger = new Logger(WebhookDeliveryProcessor.name);

  constructor(
    private readonly deliveries: DeliveryRepository,
    private readonly ledger: DeliveryLedger,
    private readonly subscriptions: SubscriptionRepository,
    private readonly policy: DisclosurePolicy,
    private readonly projection: SendTimeProjection,
    private readonly signer: WebhookSigner,
    @Inject(OUTBOUND_TRANSPORT) private readonly transport: OutboundTransport,
    @Inject(HUB_ENVIRONMENT) private readonly env: HubEnvironment,
    private readonly secrets: SubscriptionSecrets,
    private readonly telemetry: HubTelemetry,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async process(job: Job<DeliveryJob>, token?: string): Promise<void> {
    const startedAt = performance.now();
    const d = await this.deliveries.findToSend(job.data.deliveryId);
    if (!d || !['pending', 'failed'].includes(d.status)) return;
    const counted = (outcome: DeliveryOutcome) => this.telemetry.delivery(d.agencyId, outcome, startedAt);
    // A duplicate or stalled job woke up before the retry is due: wait for the schedule.
    if (d.status === 'failed' && d.nextAttemptAt && d.nextAttemptAt.getTime() > Date.now() + EARLY_SLACK_MS) {
      await this.later(job, token, d.nextAttemptAt.getTime());
    }
    if (d.subscriptionStatus !== 'active' || !d.url) {
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
    const eventTrace = await this.traceContextOf(d.eventId);
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
      justification: `event ${d.eventType} under ${sending.agreementIds.join(', ')}`,
      agreementIds: sending.agreementIds,
      recipients: [d.agencyId],
      correlationId: d.eventId,
    };
    await this.ledger.attempted({
      ...disclosure,
      operation: 'delivery.attempted',
      details: { deliveryId: d.id, attempt: d.attempts + 1 },
    });
    const parent = contextFrom(eventTrace ? { traceparent: eventTrace } : {});
    const span = hubTracer().startSpan(
      `deliver ${d.agencyId}`,
      {
        kind: SpanKind.CLIENT,
        attributes: {
          'hub.delivery_id': d.id,
          'hub.agency': d.agencyId,
          'hub.event_type': d.eventType,
          'hub.attempt': d.attempts + 1,
        },
      },
      parent,
    );
    const traceparent = currentTraceparent(trace.setSpan(parent, span));
    const headers = {
      ...this.signer.headers(d.id, body, d.sealedSecret ? this.secrets.open(d.subscriptionId, d.sealedSecret) : null),
      ...(traceparent ? { traceparent } : {}),
    };
    let result: Awaited<ReturnType<OutboundTransport['send']>>;
    try {
      result = await this.transport.send({ url: d.url, body, headers, timeoutMs: this.env.webhookTimeoutMs });
      if (result.kind === 'answered') span.setAttribute('http.response.status_code', result.status);
      else span.setStatus({ code: SpanStatusCode.ERROR, message: 'no answer' });
    } finally {
      span.end();
    }

    if (result.kind === 'answered' && result.status >= 200 && result.status < 300) {
      await this.ledger.delivered({
        id: d.id,
        statusCode: result.status,
        ackWithinMs: this.policy.ackWithinMs(sending.agreementIds),
        audit: {
          ...disclosure,
          operation: 'delivery.succeeded',
          details: { deliveryId: d.id, status: result.status, attempt: d.attempts + 1 },
        },
      });
      return counted('delivered');
    }

    if (result.kind === 'answered' && result.status === 410) {
      await this.subscriptions.disable(d.subscriptionId, 'receiver answered 410 Gone');
      await this.deliveries.close(d.id, 'dead', 'receiver answered 410 Gone; subscription disabled', true, 410);
      return counted('dead');
    }
    if (result.kind === 'answered' && isPermanent(result.status)) {
      await this.deliveries.close(
        d.id,
        'dead',
        `receiver refused it permanently (${result.status})`,
        true,
        result.status,
      );
      return counted('dead');
    }

    const reason = result.kind === 'answered' ? `receiver answered ${result.status}` : result.reason;
    const statusCode = result.kind === 'answered' ? result.status : null;
    // Attempts are counted in Postgres, not by BullMQ, so the budget survives a Redis loss and
    // the hub's own outages never use it up.
    const attempt = d.attempts + 1;
    if (attempt >= attemptsAllowed(this.env.retryScheduleMs)) {
      await this.deliveries.close(d.id, 'dead', `retries exhausted: ${reason}`, true, statusCode);
      this.logger.warn(`Delivery ${d.id} to ${d.agencyId} dead-lettered after ${attempt} attempts: ${reason}`);
      return counted('dead');
    }
    const delay = nextDelayMs(
      this.env.retryScheduleMs,
      attempt,
      result.kind === 'answered' ? result.retryAfterMs : undefined,
    );
    await this.deliveries.markFailed(d.id, statusCode, reason, delay);
    counted('retrying');
    await this.later(job, token, Date.now() + delay);
  }

  private async traceContextOf(eventId: string): Promise<string | undefined> {
    const [row] = (await this.dataSource.query(`SELECT trace_context FROM events WHERE id = $1`, [eventId])) as {
      trace_context: string | null;
    }[];
    return row?.trace_context ?? undefined;
  }

  /** Parks the job until `at` without counting a BullMQ attempt (those are kept for infrastructure errors). */
  private async later(job: Job<DeliveryJob>, token: string | undefined, at: number): Promise<never> {
    await job.moveToDelayed(at, token);
    throw new DelayedError();
  }
}
