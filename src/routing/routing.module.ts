import { Module } from '@nestjs/common';
import { EventRouter } from './event-router';
import { OutboxRelay } from './outbox-relay';
import { OutboxSignal } from './outbox-signal';
import { OutboxWakeup } from './outbox-wakeup';
import { RedisEpoch } from './redis-epoch';

@Module({
  providers: [EventRouter, OutboxRelay, RedisEpoch, OutboxWakeup, OutboxSignal],
  exports: [OutboxRelay, OutboxSignal],
})
export class RoutingModule {}
