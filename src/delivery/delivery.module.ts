import { Module } from '@nestjs/common';
import { Acknowledgements } from './acknowledgements';
import { AcknowledgementsController } from './acknowledgements.controller';
import { DeliveryLedger } from './delivery-ledger';
import { DeliveryRepository } from './delivery.repository';
import { DeliveryWorkers } from './delivery-workers';
import { AgencyDeliveriesController } from './agency-deliveries.controller';
import { FeedController } from './feed.controller';
import { OperationalEventsRepository } from './operational-events.repository';
import { DeliveryOperatorsModule } from './operators/delivery-operators.module';
import { SubscriptionHealth } from './subscription-health';
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
    DeliveryOperatorsModule,
    QueuesModule,
    SubjectsModule,
    SubscriptionsModule,
    TelemetryModule,
  ],
  controllers: [FeedController, AcknowledgementsController, SubscriptionTestController, AgencyDeliveriesController],
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
    OperationalEventsRepository,
    SubscriptionHealth,
  ],
  exports: [DeliveryRepository, Acknowledgements, QueueStats, DeliveryWorkers],
})
export class DeliveryModule {}
