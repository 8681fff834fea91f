import { Module } from '@nestjs/common';
import { EventRouter } from './event-router';
import { OutboxRelay } from './outbox-relay';
import { RedisEpoch } from './redis-epoch';

@Module({ providers: [EventRouter, OutboxRelay, RedisEpoch], exports: [OutboxRelay] })
export class RoutingModule {}
