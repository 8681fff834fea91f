import type { ConnectionOptions } from 'bullmq';
import { Cluster, Redis, type ClusterOptions, type RedisOptions } from 'ioredis';
import type { HubEnvironment } from '../../config/environment';

type RedisSettings = Pick<HubEnvironment, 'redisUrl' | 'redisTopology'>;

/** Password, user, db and TLS (rediss:) from REDIS_URL, whatever the topology. */
function credentials(redisUrl: string): RedisOptions {
  const url = new URL(redisUrl);
  const db = Number(url.pathname.replace(/^\//, '') || 0);
  return {
    ...(url.username ? { username: decodeURIComponent(url.username) } : {}),
    ...(url.password ? { password: decodeURIComponent(url.password) } : {}),
    ...(db ? { db } : {}),
    ...(url.protocol === 'rediss:' ? { tls: { servername: url.hostname } } : {}),
  };
}

/**
 * BullMQ's connection for the configured Redis: one server by URL; Sentinel (the client asks
 * the sentinels for the current master and follows a failover); or Cluster (a client per call,
 * since BullMQ duplicates the connection it is given). `extra` carries the queue's or worker's
 * own options (offline queue, retries).
 */
export function redisConnection(env: RedisSettings, extra: RedisOptions = {}): ConnectionOptions {
  const topology = env.redisTopology;
  switch (topology.mode) {
    case 'standalone':
      return { url: env.redisUrl, ...extra } as ConnectionOptions;
    case 'sentinel': {
      const auth = credentials(env.redisUrl);
      return {
        ...auth,
        sentinels: topology.sentinels,
        name: topology.masterName,
        ...(auth.password ? { sentinelPassword: auth.password } : {}),
        ...extra,
      } as ConnectionOptions;
    }
    case 'cluster': {
      const { db: _db, ...auth } = credentials(env.redisUrl); // Cluster has only db 0
      const options: ClusterOptions = {
        redisOptions: { ...auth, ...extra },
        ...pick(extra, ['enableOfflineQueue', 'maxRetriesPerRequest']),
      };
      return new Cluster(topology.nodes, options) as unknown as ConnectionOptions;
    }
  }
}

function pick(options: RedisOptions, keys: (keyof RedisOptions)[]): Partial<ClusterOptions> {
  return Object.fromEntries(keys.filter((k) => options[k] !== undefined).map((k) => [k, options[k]]));
}

/** A plain client (not BullMQ's) on the same Redis, for the hub's own keys. */
export function redisClient(env: RedisSettings, extra: RedisOptions = {}): Redis | Cluster {
  const connection = redisConnection(env, extra);
  if (connection instanceof Cluster) return connection;
  const { url, ...options } = connection as RedisOptions & { url?: string };
  return url ? new Redis(url, options) : new Redis(options);
}
