import { Module } from '@nestjs/common';
import { DeliveriesAdminController } from './deliveries-admin.controller';
import { DeliveryReplayService } from './delivery-replay.service';
import { OperatorDeliveriesRepository } from './operator-deliveries.repository';

/** Operators' view of deliveries: list, inspect and replay them (the console uses the same two services). */
@Module({
  controllers: [DeliveriesAdminController],
  providers: [OperatorDeliveriesRepository, DeliveryReplayService],
  exports: [OperatorDeliveriesRepository, DeliveryReplayService],
})
export class DeliveryOperatorsModule {}
