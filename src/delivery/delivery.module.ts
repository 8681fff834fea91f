import { Global, Module } from '@nestjs/common';
import { Acknowledgements } from './acknowledgements';
import { AcknowledgementsController } from './acknowledgements.controller';
import { DeliveryLedger } from './delivery-ledger';
import { DeliveryRepository } from './delivery.repository';
import { DeliveryWorkers } from './delivery-workers';
import { FeedController } from './feed.controller';
import { FeedService } from './feed.service';
import { DeliveriesAdminController } from './operators/deliveries-admin.controller';
import { DeliveryReplayService } from './operators/delivery-replay.service';
import { OperatorDeliveriesRepository } from './operators/operator-deliveries.repository';
import { QueueFactory } from './queue-factory';
import { QueueStats } from './queue-stats';
import { SendTimeProjection } from './send-time-projection';
import { DeliveryProcessor } from './delivery.processor';
import { DeliveryTransports } from './delivery-transports';

@Global()
@Module({
  controllers: [FeedController, AcknowledgementsController, DeliveriesAdminController],
  providers: [
    QueueFactory,
    DeliveryRepository,
    DeliveryLedger,
    DeliveryTransports,
    SendTimeProjection,
    DeliveryProcessor,
    DeliveryWorkers,
    FeedService,
    Acknowledgements,
    OperatorDeliveriesRepository,
    DeliveryReplayService,
    QueueStats,
  ],
  exports: [
    QueueFactory,
    DeliveryRepository,
    Acknowledgements,
    QueueStats,
    OperatorDeliveriesRepository,
    DeliveryReplayService,
  ],
})
export class DeliveryModule {}
