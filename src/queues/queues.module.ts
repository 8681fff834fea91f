import { Module } from '@nestjs/common';
import { QueueFactory } from './queue-factory';

/** The hub's BullMQ queues and workers on its Redis (one factory, so shutdown closes them all). */
@Module({ providers: [QueueFactory], exports: [QueueFactory] })
export class QueuesModule {}
