import { Cluster } from 'ioredis';
import { loadEnvironment } from '../../config/environment';
import { redisConnection } from './redis-connection';

describe('the Redis connection for each topology', () => {
  it('standalone: REDIS_URL as given', () => {
    const env = loadEnvironment({ REDIS_URL: 'redis://:pw@redis.internal:6379/2' });
    expect(redisConnection(env, { enableOfflineQueue: false })).toEqual({
      url: 'redis://:pw@redis.internal:6379/2',
      enableOfflineQueue: false,
    });
  });

  it('sentinel: asks the sentinels for the master by name, with the password, db and TLS of REDIS_URL', () => {
    const env = loadEnvironment({
      REDIS_MODE: 'sentinel',
      REDIS_NODES: 'sentinel-0:26379, sentinel-1:26379,[fd00::1]:26379',
      REDIS_SENTINEL_MASTER: 'hub-master',
      REDIS_URL: 'rediss://:s%40cret@ignored:6379/3',
    });
    expect(redisConnection(env, { maxRetriesPerRequest: null })).toEqual({
      sentinels: [
        { host: 'sentinel-0', port: 26379 },
        { host: 'sentinel-1', port: 26379 },
        { host: 'fd00::1', port: 26379 },
      ],
      name: 'hub-master',
      password: 's@cret',
      sentinelPassword: 's@cret',
      db: 3,
      tls: { servername: 'ignored' },
      maxRetriesPerRequest: null,
    });
  });

  it('cluster: an ioredis Cluster over the seed nodes', () => {
    const env = loadEnvironment({
      REDIS_MODE: 'cluster',
      REDIS_NODES: 'node-0:6379,node-1:6379',
      HUB_REDIS_PREFIX: '{hub}',
      REDIS_URL: 'redis://:pw@x:6379',
    });
    const cluster = redisConnection(env, { lazyConnect: true, enableOfflineQueue: false }) as unknown as Cluster;
    expect(cluster).toBeInstanceOf(Cluster);
    expect(cluster.isCluster).toBe(true);
    expect(cluster.options.redisOptions).toMatchObject({ password: 'pw', lazyConnect: true });
    expect(cluster.options.enableOfflineQueue).toBe(false);
    cluster.disconnect();
  });
});

describe('the environment for managed Redis and Postgres', () => {
  const problems = (env: Record<string, string>) => {
    try {
      loadEnvironment(env);
      return [];
    } catch (e) {
      return (e as { problems: string[] }).problems;
    }
  };

  it('accepts a hash-tagged prefix, and requires one on Cluster (BullMQ keeps a queue in one slot)', () => {
    expect(loadEnvironment({ HUB_REDIS_PREFIX: '{hub}' }).redisPrefix).toBe('{hub}');
    expect(problems({ HUB_REDIS_PREFIX: '{hub' })).toEqual([expect.stringMatching(/^HUB_REDIS_PREFIX/)]);
    expect(problems({ HUB_REDIS_PREFIX: '{h:b}' })).toEqual([expect.stringMatching(/^HUB_REDIS_PREFIX/)]);
    expect(problems({ REDIS_MODE: 'cluster', REDIS_NODES: 'a:6379', HUB_REDIS_PREFIX: 'hub' })).toEqual([
      expect.stringMatching(/hash tag/),
    ]);
  });

  it('names bad Redis topology settings', () => {
    expect(problems({ REDIS_MODE: 'replicated' })).toEqual([expect.stringMatching(/^REDIS_MODE/)]);
    expect(problems({ REDIS_MODE: 'sentinel' })).toEqual([expect.stringMatching(/^REDIS_NODES/)]);
    expect(problems({ REDIS_MODE: 'sentinel', REDIS_NODES: 'a:26379,b' })).toEqual([
      expect.stringMatching(/^REDIS_NODES/),
    ]);
    expect(problems({ REDIS_MODE: 'sentinel', REDIS_NODES: 'a:26379', REDIS_SENTINEL_MASTER: 'bad name' })).toEqual([
      expect.stringMatching(/^REDIS_SENTINEL_MASTER/),
    ]);
  });

  it('reads the Postgres pool size, statement timeout and CA file, and the worker probe port', () => {
    const env = loadEnvironment({
      DATABASE_POOL_SIZE: '8',
      DATABASE_STATEMENT_TIMEOUT_MS: '15000',
      DATABASE_CA_FILE: '/etc/hub/ca.pem',
      HUB_HEALTH_PORT: '9100',
    });
    expect(env).toMatchObject({
      databasePoolSize: 8,
      databaseStatementTimeoutMs: 15000,
      databaseCaFile: '/etc/hub/ca.pem',
      healthPort: 9100,
    });
    expect(loadEnvironment({})).toMatchObject({
      databasePoolSize: 20,
      databaseStatementTimeoutMs: 60000,
      databaseCaFile: undefined,
      healthPort: 9464,
    });
    expect(
      problems({ DATABASE_POOL_SIZE: '0', DATABASE_STATEMENT_TIMEOUT_MS: 'soon', HUB_HEALTH_PORT: '70000' }),
    ).toEqual([
      expect.stringMatching(/^HUB_HEALTH_PORT/),
      expect.stringMatching(/^DATABASE_POOL_SIZE/),
      expect.stringMatching(/^DATABASE_STATEMENT_TIMEOUT_MS/),
    ]);
  });
});
