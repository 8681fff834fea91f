import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { freePort, waitUntil } from './free-port';

/**
 * A throwaway redis-server of our own (noeviction, as BullMQ requires). Without persistence a
 * kill loses every job it held: the harshest Redis restart the hub must survive.
 */
export class OwnRedis {
  readonly dir = mkdtempSync(join(tmpdir(), 'hub-own-redis-'));
  port = 0;
  private child: ChildProcess | undefined;

  /** `appendOnly`: AOF with fsync every second, as DESIGN.md asks of production (the benchmark's setting). */
  constructor(private readonly options: { appendOnly?: boolean } = {}) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  async start(): Promise<this> {
    this.port ||= await freePort();
    const persistence = this.options.appendOnly
      ? ['--appendonly', 'yes', '--appendfsync', 'everysec']
      : ['--appendonly', 'no'];
    this.child = spawn(
      'redis-server',
      [
        '--port',
        String(this.port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        ...persistence,
        '--maxmemory-policy',
        'noeviction',
        '--dir',
        this.dir,
      ],
      {
        stdio: 'ignore',
      },
    );
    await waitUntil(
      'own Redis to answer PING',
      async () => {
        const r = new Redis(this.url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
        r.on('error', () => undefined);
        try {
          await r.connect();
          return (await r.ping()) === 'PONG';
        } finally {
          r.disconnect();
        }
      },
      10_000,
      50,
    );
    return this;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** SIGKILL (no shutdown save), then the same port again after `downMs`. */
  async restart(downMs = 1000): Promise<void> {
    await this.kill();
    await new Promise((r) => setTimeout(r, downMs));
    await this.start();
  }

  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
  }

  async destroy(): Promise<void> {
    await this.kill();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
