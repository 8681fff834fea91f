import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { UnrecoverableError, type Job } from 'bullmq';
import type { DataSource } from 'typeorm';
import { HUB_ENVIRONMENT, type HubEnvironment } from '../../config/environment';
import { DisclosurePolicy } from '../agreements/disclosure-policy';
import { AuditLog } from '../audit/audit-log';
import { SubscriptionRepository } from '../subscriptions/subscription.repository';
import { toCloudEvent } from './cloud-event';
import { DeliveryRepository } from './delivery.repository';
import { OUTBOUND_TRANSPORT, type OutboundTransport } from './outbound-transport.port';
import { nextDelayMs, RetryableDeliveryError } from './retry-schedule';
import { WebhookSigner } from './webhook-signer';

export interface DeliveryJob {
  deliveryId: string;
}

/**
 * Sends one delivery attempt. Idempotent: a delivery already delivered, dead or blocked is
 * left alone, so BullMQ's at-least-once never sends a settled delivery twice.
 */
@Injectable()
export class WebhookDeliveryProcessor {
  private readonly logger = new Logger(WebhookDeliveryProcessor.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly deliveries: DeliveryRepository,
    private readonly subscriptions: SubscriptionRepository,
    private readonly policy: DisclosurePolicy,
    private readonly signer: WebhookSigner,
    private readonly audit: AuditLog,
    @Inject(OUTBOUND_TRANSPORT) private readonly transport: OutboundTransport,
    @Inject(HUB_ENVIRONMENT) private readonly env: HubEnvironment,
  ) {}

  async process(job: Job<DeliveryJob>): Promise<void> {
    const d = await this.deliveries.findToSend(job.data.deliveryId);
    if (!d || !['pending', 'failed'].includes(d.status)) return;
    if (d.subscriptionStatus !== 'active' || !d.url) {
      await this.deliveries.close(d.id, 'blocked', `subscription is ${d.subscriptionStatus}`, false);
      return;
    }
    // An agreement that expired or was suspended stops the flow, including retries.
    await this.policy.refresh();
    if (!this.policy.stillInForce(d.agreementIds)) {
      await this.deliveries.close(d.id, 'blocked', 'no agreement relied on is in force any more', false);
      return;
    }

    const body = JSON.stringify(toCloudEvent(d, this.policy.classificationOf(d.agreementIds)));
    // Committed before the call: whatever the answer (or a crash), the data may have left the hub.
    const disclosure = {
      action: 'DISCLOSURE' as const,
      agencyId: 'hub',
      actorSub: 'system:delivery',
      subjectId: d.subjectId,
      justification: `event ${d.eventType} under ${d.agreementIds.join(', ')}`,
      agreementIds: d.agreementIds,
      recipients: [d.agencyId],
      correlationId: d.eventId,
    };
    await this.audit.record({ ...disclosure, operation: 'delivery.attempted', details: { deliveryId: d.id, attempt: d.attempts + 1 } });
    const result = await this.transport.send({ url: d.url, body, headers: this.signer.headers(d.id, body, d.secret), timeoutMs: this.env.webhookTimeoutMs });

    if (result.kind === 'answered' && result.status >= 200 && result.status < 300) {
      await this.dataSource.transaction(async (m) => {
        if (!(await this.deliveries.markDelivered(m, d.id, result.status, this.policy.ackWithinMs(d.agreementIds)))) return;
        await this.audit.record({ ...disclosure, operation: 'delivery.succeeded', details: { deliveryId: d.id, status: result.status, attempt: d.attempts + 1 } }, m);
      });
      return;
    }

    if (result.kind === 'answered' && result.status === 410) {
      await this.subscriptions.disable(d.subscriptionId, 'receiver answered 410 Gone');
      await this.deliveries.close(d.id, 'dead', 'receiver answered 410 Gone; subscription disabled', true, 410);
      throw new UnrecoverableError('410 Gone');
    }
    if (result.kind === 'answered' && result.status >= 400 && result.status < 500 && result.status !== 408 && result.status !== 429) {
      await this.deliveries.close(d.id, 'dead', `receiver refused it permanently (${result.status})`, true, result.status);
      throw new UnrecoverableError(`permanent failure ${result.status}`);
    }

    const reason = result.kind === 'answered' ? `receiver answered ${result.status}` : result.reason;
    const retryAfterMs = result.kind === 'answered' ? result.retryAfterMs : undefined;
    const attemptsAllowed = job.opts.attempts ?? 1;
    const isLast = job.attemptsMade + 1 >= attemptsAllowed;
    if (isLast) {
      await this.deliveries.close(d.id, 'dead', `retries exhausted: ${reason}`, true, result.kind === 'answered' ? result.status : null);
      this.logger.warn(`Delivery ${d.id} to ${d.agencyId} dead-lettered after ${attemptsAllowed} attempts: ${reason}`);
      throw new UnrecoverableError(reason);
    }
    await this.deliveries.markFailed(d.id, result.kind === 'answered' ? result.status : null, reason, nextDelayMs(this.env.retryScheduleMs, job.attemptsMade + 1, retryAfterMs));
    throw new RetryableDeliveryError(reason, retryAfterMs);
  }
}
