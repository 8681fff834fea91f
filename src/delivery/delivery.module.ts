import { Global, Module } from '@nestjs/common';
import { Acknowledgements } from './acknowledgements';
import { AcknowledgementsController } from './acknowledgements.controller';
import { DeliveryRepository } from './delivery.repository';
import { DeliveryWorkers } from './delivery-workers';
import { FeedController } from './feed.controller';
import { FeedService } from './feed.service';
import { QueueFactory } from './queue-factory';
import { WebhookDeliveryProcessor } from './webhook-delivery.processor';
import { WebhookSigner } from './webhook-signer';

@Global()
@Module({
  controllers: [FeedController, AcknowledgementsController],
  providers: [QueueFactory, DeliveryRepository, WebhookSigner, WebhookDeliveryProcessor, DeliveryWorkers, FeedService, Acknowledgements],
  exports: [QueueFactory, DeliveryRepository, Acknowledgements],
})
export class DeliveryModule {}
