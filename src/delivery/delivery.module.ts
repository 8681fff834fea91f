import { Global, Module } from '@nestjs/common';
import { Acknowledgements } from './acknowledgements';
import { AcknowledgementsController } from './acknowledgements.controller';
import { DeliveryLedger } from './delivery-ledger';
import { DeliveryRepository } from './delivery.repository';
import { DeliveryWorkers } from './delivery-workers';
import { FeedController } from './feed.controller';
import { FeedService } from './feed.service';
import { QueueFactory } from '../queues/queue-factory';
import { QueueStats } from './queue-stats';
import { SendTimeProjection } from './send-time-projection';
import { WebhookDeliveryProcessor } from './webhook-delivery.processor';
import { WebhookSigner } from './webhook-signer';

@Global()
@Module({
  controllers: [FeedController, AcknowledgementsController],
  providers: [
    QueueFactory,
    DeliveryRepository,
    DeliveryLedger,
    WebhookSigner,
    SendTimeProjection,
    WebhookDeliveryProcessor,
    DeliveryWorkers,
    FeedService,
    Acknowledgements,
    QueueStats,
  ],
  exports: [QueueFactory, DeliveryRepository, Acknowledgements, QueueStats],
})
export class DeliveryModule {}
