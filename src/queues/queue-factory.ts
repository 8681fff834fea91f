import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { Queue, Worker, type Processor, type WorkerOptions } from 'bullmq';
import { HUB_ENVIRONMENT, type HubEnvironment } from '../../config/environment';
import { redisConnection } from './redis-connection';

/** The queue that carries event ids from the outbox relay to the router. */
export const ROUTING_QUEUE = 'route-events';

/** One delivery queue per agency, so a slow agency never holds up another. */
export function deliveryQueueName(agencyId: string): string {
  return `deliver.${agencyId}`;
}

/**
 * Creates BullMQ queues and workers on the hub's Redis with its key prefix, and closes them
 * all on shutdown (workers finish their active job first).
 */
@Injectable()
export class QueueFactory implements OnApplicationShutdown {
  private readonly queues = new Map<string, Queue>();
  private readonly workers: Worker[] = [];

  constructor(@Inject(HUB_ENVIRONMENT) private readonly env: HubEnvironment) {}

  queue(name: string): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      // Producers fail fast while Redis is down; the outbox keeps the work until it is back.
      queue = new Queue(name, {
        connection: redisConnection(this.env, { enableOfflineQueue: false }),
        prefix: this.env.redisPrefix,
      });
      queue.on('error', () => undefined); // connection errors surface on the calls that fail
      this.queues.set(name, queue);
    }
    return queue;
  }

  worker(name: string, processor: Processor, options: Partial<WorkerOptions> = {}): Worker {
    const worker = new Worker(name, processor, {
      connection: redisConnection(this.env, { maxRetriesPerRequest: null }),
      prefix: this.env.redisPrefix,
      ...options,
    });
    worker.on('error', () => undefined);
    this.workers.push(worker);
    return worker;
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled(this.workers.map((w) => w.close()));
    await Promise.allSettled([...this.queues.values()].map((q) => q.close()));
  }
}
