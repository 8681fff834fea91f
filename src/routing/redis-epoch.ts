import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import type { Cluster, Redis } from 'ioredis';
import { HUB_ENVIRONMENT, type HubEnvironment } from '../../config/environment';
import { redisClient } from '../queues/redis-connection';

/**
 * A marker key in the hub's Redis. Its absence means Redis lost its data (restarted without
 * persistence, failed over to an empty replica, flushed) since the hub last wrote it: every
 * job it held is gone and the relay must re-drive open work from Postgres at once, rather than
 * wait for the slower age-based sweep.
 */
@Injectable()
export class RedisEpoch implements OnApplicationShutdown {
  private client: Redis | Cluster | undefined;
  private readonly key: string;

  constructor(@Inject(HUB_ENVIRONMENT) private readonly env: HubEnvironment) {
    this.key = `${env.redisPrefix}:hub:epoch`;
  }

  /** Fails fast while Redis is down: the relay's next pass asks again. */
  private async redis(): Promise<Redis | Cluster> {
    if (!this.client) {
      this.client = redisClient(this.env, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
      this.client.on('error', () => undefined);
    }
    const client = this.client;
    if (client.status !== 'ready') {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('Redis is not reachable')), 2000);
        client.once('ready', () => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return client;
  }

  /** True when the marker is missing: Redis is new to the hub or lost what it held. */
  async lost(): Promise<boolean> {
    return (await (await this.redis()).exists(this.key)) === 0;
  }

  /** Written after a re-drive: from now on, the jobs in Redis are the hub's. */
  async mark(): Promise<void> {
    await (await this.redis()).set(this.key, new Date().toISOString());
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client?.quit().catch(() => undefined);
  }
}
