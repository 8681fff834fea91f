import { Module } from '@nestjs/common';
import { Acknowledgements } from './acknowledgements';
import { AcknowledgementsController } from './acknowledgements.controller';
import { DeliveryLedger } from './delivery-ledger';
import { DeliveryRepository } from './delivery.repository';
import { DeliveryWorkers } from './delivery-workers';
import { FeedController } from './feed.controller';
import { FeedService } from './feed.service';
import { QueueStats } from './queue-stats';
import { SubscriptionTest } from './subscription-test';
import { SubscriptionTestController } from './subscription-test.controller';
import { SendTimeProjection } from './send-time-projection';
import { DeliveryProcessor } from './delivery.processor';
import { DeliveryTransports } from './delivery-transports';
import { AgreementsModule } from '../agreements/agreements.module';
import { AuditModule } from '../audit/audit.module';
import { AuthModule } from '../auth/auth.module';
import { QueuesModule } from '../queues/queues.module';
import { SubjectsModule } from '../subjects/subjects.module';
import { SubscriptionsModule } from '../subscriptions/subscriptions.module';
import { TelemetryModule } from '../telemetry/telemetry.module';

@Module({
  imports: [
    AgreementsModule,
    AuditModule,
    AuthModule,
    QueuesModule,
    SubjectsModule,
    SubscriptionsModule,
    TelemetryModule,
  ],
  controllers: [FeedController, AcknowledgementsController, SubscriptionTestController],
  providers: [
    DeliveryRepository,
    DeliveryLedger,
    DeliveryTransports,
    SendTimeProjection,
    DeliveryProcessor,
    DeliveryWorkers,
    FeedService,
    Acknowledgements,
    QueueStats,
    SubscriptionTest,
  ],
  exports: [DeliveryRepository, Acknowledgements, QueueStats, DeliveryWorkers],
})
export class DeliveryModule {}
