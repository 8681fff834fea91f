import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { Job } from 'bullmq';
import { HUB_ENVIRONMENT, type HubEnvironment } from '../../config/environment';
import { AgencyRegistry } from '../auth/agency-registry';
import { deliveryQueueName, QueueFactory } from './queue-factory';
import { nextDelayMs, RetryableDeliveryError } from './retry-schedule';
import { WebhookDeliveryProcessor, type DeliveryJob } from './webhook-delivery.processor';

export const DELIVERY_BACKOFF = 'hub-schedule';

/** Job options for a delivery: one attempt per step of the retry schedule, plus the first. */
export function deliveryJobOptions(env: HubEnvironment, deliveryId: string) {
  return {
    jobId: deliveryId,
    attempts: env.retryScheduleMs.length + 1,
    backoff: { type: DELIVERY_BACKOFF },
    removeOnComplete: { count: 1000 },
    removeOnFail: { count: 10000 },
  };
}

/** One worker per agency's delivery queue, started in the worker role. */
@Injectable()
export class DeliveryWorkers implements OnApplicationBootstrap {
  private readonly logger = new Logger(DeliveryWorkers.name);

  constructor(
    private readonly queues: QueueFactory,
    private readonly agencies: AgencyRegistry,
    private readonly processor: WebhookDeliveryProcessor,
    @Inject(HUB_ENVIRONMENT) private readonly env: HubEnvironment,
  ) {}

  onApplicationBootstrap(): void {
    if (this.env.role === 'api') return;
    for (const agency of this.agencies.all()) {
      this.queues.worker(deliveryQueueName(agency.id), (job: Job<DeliveryJob>) => this.processor.process(job), {
        concurrency: 8,
        settings: {
          backoffStrategy: (attemptsMade: number, _type?: string, err?: Error) =>
            nextDelayMs(this.env.retryScheduleMs, attemptsMade, err instanceof RetryableDeliveryError ? err.retryAfterMs : undefined),
        },
      });
    }
    this.logger.log(`Delivery workers started for ${this.agencies.all().length} agencies`);
  }
}
