import { Module } from '@nestjs/common';
import { DeliveriesAdminController } from './deliveries-admin.controller';
import { DeliveryReplayService } from './delivery-replay.service';
import { OperatorDeliveriesRepository } from './operator-deliveries.repository';
import { AgreementsModule } from '../../agreements/agreements.module';
import { AuditModule } from '../../audit/audit.module';
import { AuthModule } from '../../auth/auth.module';
import { QueuesModule } from '../../queues/queues.module';
import { SubjectsModule } from '../../subjects/subjects.module';
import { SubscriptionsModule } from '../../subscriptions/subscriptions.module';

/** Operators' view of deliveries: list, inspect and replay them (the console uses the same two services). */
@Module({
  imports: [AgreementsModule, AuditModule, AuthModule, QueuesModule, SubjectsModule, SubscriptionsModule],
  controllers: [DeliveriesAdminController],
  providers: [OperatorDeliveriesRepository, DeliveryReplayService],
  exports: [OperatorDeliveriesRepository, DeliveryReplayService],
})
export class DeliveryOperatorsModule {}
