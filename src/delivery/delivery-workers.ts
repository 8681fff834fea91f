import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { Job, JobsOptions } from 'bullmq';
import { HUB_ENVIRONMENT, type HubEnvironment } from '../../config/environment';
import { AgencyRegistry } from '../auth/agency-registry';
import { deliveryQueueName, QueueFactory } from '../queues/queue-factory';
import { INFRASTRUCTURE_BACKOFF, infrastructureBackoffMs } from './retry-schedule';
import { WebhookDeliveryProcessor, type DeliveryJob } from './webhook-delivery.processor';

export const DELIVERY_JOB = 'deliver';

/**
 * BullMQ's attempts cover only the hub's own failures (Postgres or Redis away): with the
 * backoff capped at a minute this rides out about half an hour; after that the relay's sweep
 * re-adds the work, since the delivery is still open in Postgres. The receiver's retry
 * schedule is kept in Postgres by the processor.
 */
const INFRASTRUCTURE_ATTEMPTS = 40;

/** Job options for a delivery; `notBefore` delays a failed delivery to its next attempt. */
export function deliveryJobOptions(
  _env: HubEnvironment,
  deliveryId: string,
  notBefore?: Date | null,
): JobsOptions & { jobId: string } {
  const delay = notBefore ? Math.max(0, notBefore.getTime() - Date.now()) : 0;
  return {
    jobId: deliveryId,
    attempts: INFRASTRUCTURE_ATTEMPTS,
    backoff: { type: INFRASTRUCTURE_BACKOFF },
    ...(delay ? { delay } : {}),
    removeOnComplete: { age: 3600, count: 1000 },
    removeOnFail: { count: 10000 },
  };
}

/**
 * Worker settings shared by the hub's queues. A killed worker's jobs come back after the lock
 * expires; a job may stall a few times (repeated kills) before BullMQ gives up on it, and even
 * then the sweep finds it.
 */
export function workerSettings(env: HubEnvironment) {
  return {
    lockDuration: env.queueLockMs,
    stalledInterval: env.queueLockMs,
    maxStalledCount: 5,
    settings: { backoffStrategy: (attemptsMade: number) => infrastructureBackoffMs(attemptsMade) },
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
      this.queues.worker(
        deliveryQueueName(agency.id),
        (job: Job<DeliveryJob>, token?: string) => this.processor.process(job, token),
        {
          concurrency: 8,
          ...workerSettings(this.env),
        },
      );
    }
    this.logger.log(`Delivery workers started for ${this.agencies.all().length} agencies`);
  }
}
