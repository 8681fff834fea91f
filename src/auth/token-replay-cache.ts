import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { HUB_ENVIRONMENT, type HubEnvironment } from '../../config/environment';

/**
 * The `jti`s of write tokens already used, kept in Redis for the rest of each token's life
 * (it cannot be replayed after it expires anyway). Shared by every API process of the hub.
 */
@Injectable()
export class TokenReplayCache implements OnApplicationShutdown {
  private client: Redis | undefined;

  constructor(@Inject(HUB_ENVIRONMENT) private readonly env: HubEnvironment) {}

  /** True the first time this agency's jti is seen; false for a replay. Throws while Redis is unreachable. */
  async firstUse(agencyId: string, jti: string, ttlMs: number): Promise<boolean> {
    const key = `${this.env.redisPrefix}:hub:jti:${agencyId}:${jti}`;
    const set = await (await this.redis()).set(key, '1', 'PX', Math.max(1, ttlMs), 'NX');
    return set === 'OK';
  }

  private async redis(): Promise<Redis> {
    if (!this.client) {
      this.client = new Redis(this.env.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
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

  async onApplicationShutdown(): Promise<void> {
    await this.client?.quit().catch(() => undefined);
  }
}
