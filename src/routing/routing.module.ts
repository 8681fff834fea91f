import { Module } from '@nestjs/common';
import { EventRouter } from './event-router';
import { OutboxRelay } from './outbox-relay';

@Module({ providers: [EventRouter, OutboxRelay], exports: [OutboxRelay] })
export class RoutingModule {}
