import { Inject, Injectable, Logger } from '@nestjs/common';
import { HUB_ENVIRONMENT, type HubEnvironment } from '../../config/environment';
import { AgencyRegistry } from '../auth/agency-registry';
import { deliveryQueueName, type HubQueueJob } from '../queues/hub-jobs';
import { QueueFactory } from '../queues/queue-factory';
import { workerSettings } from '../queues/worker-settings';
import { DeliveryProcessor } from './delivery.processor';

/** One worker per agency's delivery queue; the worker root starts them (BackgroundWork). */
@Injectable()
export class DeliveryWorkers {
  private readonly logger = new Logger(DeliveryWorkers.name);

  constructor(
    private readonly queues: QueueFactory,
    private readonly agencies: AgencyRegistry,
    private readonly processor: DeliveryProcessor,
    @Inject(HUB_ENVIRONMENT) private readonly env: HubEnvironment,
  ) {}

  start(): void {
    for (const agency of this.agencies.all()) {
      this.queues.worker(
        deliveryQueueName(agency.id),
        (job: HubQueueJob<'deliver'>, token?: string) => this.processor.process(job, token),
        {
          concurrency: 8,
          ...workerSettings(this.env),
        },
      );
    }
    this.logger.log(`Delivery workers started for ${this.agencies.all().length} agencies`);
  }
}
