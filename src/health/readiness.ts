import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { QueueFactory, ROUTING_QUEUE } from '../queues/queue-factory';

/** One dependency's answer: up, or down with why (the why is for admins only). */
export interface DependencyStatus {
  up: boolean;
  error?: string;
}

export interface ReadinessReport {
  ready: boolean;
  checks: { database: DependencyStatus; redis: DependencyStatus; migrations: DependencyStatus };
}

const CHECK_TIMEOUT_MS = 2000;

function withTimeout<T>(work: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer in ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

async function status(work: () => Promise<unknown>, what: string): Promise<DependencyStatus> {
  try {
    await withTimeout(work(), what);
    return { up: true };
  } catch (e) {
    return { up: false, error: e instanceof Error ? e.message : String(e) };
  }
}

/**
 * Readiness: may this process take traffic? Postgres and Redis answer, and every migration this
 * build knows is applied. Liveness is deliberately not this: a Redis blip makes a pod unready
 * (taken out of the Service) but must never make Kubernetes restart every pod at once.
 */
@Injectable()
export class Readiness {
  /** Once applied, migrations stay applied for the life of the process. */
  private migrationsApplied = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly queues: QueueFactory,
  ) {}

  async check(): Promise<ReadinessReport> {
    const [database, redis, migrations] = await Promise.all([
      status(() => this.dataSource.query('SELECT 1'), 'Postgres'),
      status(() => this.queues.queue(ROUTING_QUEUE).count(), 'Redis'),
      status(() => this.checkMigrations(), 'Postgres (migrations)'),
    ]);
    return { ready: database.up && redis.up && migrations.up, checks: { database, redis, migrations } };
  }

  private async checkMigrations(): Promise<void> {
    if (this.migrationsApplied) return;
    if (await this.dataSource.showMigrations()) throw new Error('migrations are pending');
    this.migrationsApplied = true;
  }
}
