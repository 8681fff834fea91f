import { Global, Module } from '@nestjs/common';
import { DeliveryRepository } from './delivery.repository';
import { DeliveryWorkers } from './delivery-workers';
import { QueueFactory } from './queue-factory';
import { WebhookDeliveryProcessor } from './webhook-delivery.processor';
import { WebhookSigner } from './webhook-signer';

@Global()
@Module({
  providers: [QueueFactory, DeliveryRepository, WebhookSigner, WebhookDeliveryProcessor, DeliveryWorkers],
  exports: [QueueFactory, DeliveryRepository],
})
export class DeliveryModule {}
