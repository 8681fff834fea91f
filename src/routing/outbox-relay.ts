import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Job } from 'bullmq';
import type { DataSource } from 'typeorm';
import { HUB_ENVIRONMENT, type HubEnvironment } from '../../config/environment';
import { DeliveryRepository } from '../delivery/delivery.repository';
import { deliveryJobOptions } from '../delivery/delivery-workers';
import { deliveryQueueName, QueueFactory, ROUTING_QUEUE } from '../delivery/queue-factory';
import { OutboxSignal } from '../ingestion/outbox-signal';
import { EventRouter } from './event-router';

const BATCH = 200;
/** A job not seen through after this long is assumed lost (e.g. Redis lost its data) and re-added. */
const LOST_AFTER_MS = 60_000;
const SWEEP_EVERY_MS = 15_000;

/**
 * Drains the outbox onto BullMQ (ids only) and routes events. Crash-safe both ways: a row is
 * marked dispatched only after its job is added (a crash between re-adds it; the jobId and
 * the idempotent router absorb the duplicate), and a periodic sweep re-adds work whose job
 * vanished from Redis.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private again = false;
  private stopped = false;
  private lastSweep = 0;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly queues: QueueFactory,
    private readonly router: EventRouter,
    private readonly deliveries: DeliveryRepository,
    private readonly signal: OutboxSignal,
    @Inject(HUB_ENVIRONMENT) private readonly env: HubEnvironment,
  ) {}

  onApplicationBootstrap(): void {
    if (this.env.role === 'api') return;
    this.queues.worker(ROUTING_QUEUE, (job: Job<{ eventId: string }>) => this.router.route(job.data.eventId), { concurrency: 8 });
    this.signal.on('outbox', () => this.kick());
    this.schedule(0);
  }

  onApplicationShutdown(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  /** Run a pass now (or right after the current one). */
  kick(): void {
    if (this.running) this.again = true;
    else this.schedule(0);
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.pass(), ms);
  }

  private async pass(): Promise<void> {
    this.running = true;
    let moved = 0;
    try {
      moved = await this.dispatchBatch();
      if (Date.now() - this.lastSweep > SWEEP_EVERY_MS) {
        this.lastSweep = Date.now();
        await this.sweep();
      }
    } catch (e) {
      this.logger.warn(`Outbox relay pass failed, will retry: ${(e as Error).message}`);
    } finally {
      this.running = false;
      const more = moved === BATCH || this.again;
      this.again = false;
      this.schedule(more ? 0 : this.env.relayIntervalMs);
    }
  }

  async dispatchBatch(): Promise<number> {
    return this.dataSource.transaction(async (m) => {
      const rows: { id: string; event_id: string }[] = await m.query(
        `SELECT id, event_id FROM outbox WHERE dispatched_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [BATCH],
      );
      if (!rows.length) return 0;
      await this.queues.queue(ROUTING_QUEUE).addBulk(
        rows.map((r) => ({ name: 'route', data: { eventId: r.event_id }, opts: { jobId: r.event_id, attempts: 10, backoff: { type: 'exponential', delay: 1000 }, removeOnComplete: { count: 1000 }, removeOnFail: { count: 10000 } } })),
      );
      await m.query(`UPDATE outbox SET dispatched_at = now() WHERE id = ANY($1)`, [rows.map((r) => r.id)]);
      return rows.length;
    });
  }

  /** Re-adds jobs that Redis may have lost; adding an existing jobId is a no-op. */
  async sweep(): Promise<void> {
    const unrouted: { event_id: string }[] = await this.dataSource.query(
      `SELECT event_id FROM outbox WHERE routed_at IS NULL AND dispatched_at < now() - make_interval(secs => $1 / 1000.0) LIMIT $2`,
      [LOST_AFTER_MS, BATCH],
    );
    for (const r of unrouted) {
      await this.queues.queue(ROUTING_QUEUE).add('route', { eventId: r.event_id }, { jobId: r.event_id, attempts: 10, backoff: { type: 'exponential', delay: 1000 } });
    }
    for (const d of await this.deliveries.stale(LOST_AFTER_MS, BATCH)) {
      await this.queues.queue(deliveryQueueName(d.agencyId)).add('deliver', { deliveryId: d.id }, deliveryJobOptions(this.env, d.id));
    }
  }
}
