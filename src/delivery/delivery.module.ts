import { Module } from '@nestjs/common';
import { Acknowledgements } from './acknowledgements';
import { AcknowledgementsController } from './acknowledgements.controller';
import { DeliveryLedger } from './delivery-ledger';
import { DeliveryRepository } from './delivery.repository';
import { DeliveryWorkers } from './delivery-workers';
import { FeedController } from './feed.controller';
import { FeedService } from './feed.service';
import { QueueStats } from './queue-stats';
import { SendTimeProjection } from './send-time-projection';
import { WebhookDeliveryProcessor } from './webhook-delivery.processor';
import { WebhookSigner } from './webhook-signer';
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
  controllers: [FeedController, AcknowledgementsController],
  providers: [
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
  exports: [DeliveryRepository, Acknowledgements, QueueStats],
})
export class DeliveryModule {}
