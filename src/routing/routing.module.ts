import { Module } from '@nestjs/common';
import { EventRouter } from './event-router';
import { OutboxRelay } from './outbox-relay';
import { OutboxSignal } from './outbox-signal';
import { OutboxWakeup } from './outbox-wakeup';
import { RedisEpoch } from './redis-epoch';
import { AgreementsModule } from '../agreements/agreements.module';
import { DeliveryModule } from '../delivery/delivery.module';
import { QueuesModule } from '../queues/queues.module';
import { SubjectsModule } from '../subjects/subjects.module';
import { SubscriptionsModule } from '../subscriptions/subscriptions.module';

@Module({
  imports: [AgreementsModule, DeliveryModule, QueuesModule, SubjectsModule, SubscriptionsModule],
  providers: [EventRouter, OutboxRelay, RedisEpoch, OutboxWakeup, OutboxSignal],
  exports: [OutboxRelay, OutboxSignal],
})
export class RoutingModule {}
