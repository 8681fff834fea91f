import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Job, JobsOptions } from 'bullmq';
import type { DataSource } from 'typeorm';
import { HUB_ENVIRONMENT, type HubEnvironment } from '../../config/environment';
import { sqlRows } from '../database/sql-rows';
import { DeliveryRepository, FIRST_ID, type OpenDelivery } from '../delivery/delivery.repository';
import { DELIVERY_JOB, deliveryJobOptions, workerSettings } from '../delivery/delivery-workers';
import { ensureJob } from '../queues/ensure-job';
import { deliveryQueueName, QueueFactory, ROUTING_QUEUE } from '../queues/queue-factory';
import { INFRASTRUCTURE_BACKOFF } from '../delivery/retry-schedule';
import { OutboxSignal } from './outbox-signal';
import { EventRouter } from './event-router';
import { OutboxWakeup } from './outbox-wakeup';
import { RedisEpoch } from './redis-epoch';

const BATCH = 200;

/** Routing job options: the job id is the event id, so a second add of the same event is a no-op. */
export function routeJobOptions(eventId: string): JobsOptions & { jobId: string } {
  return {
    jobId: eventId,
    attempts: 40,
    backoff: { type: INFRASTRUCTURE_BACKOFF },
    removeOnComplete: { age: 3600, count: 1000 },
    removeOnFail: { count: 10000 },
  };
}

/**
 * Drains the outbox onto BullMQ (ids only) and routes events. Crash-safe at every step:
 * - commit, then crash before the enqueue: the row is still undispatched and the next pass
 *   (in any worker process) takes it;
 * - enqueue, then crash before marking it dispatched: the next pass adds it again, and the
 *   job id (the event id) and the idempotent router absorb the duplicate;
 * - the router commits deliveries, then crashes before enqueueing them: the routing job is
 *   re-run (stalled) and re-enqueues the event's open deliveries;
 * - Redis loses its data: the epoch marker is gone, and every unrouted event and open
 *   delivery is re-driven from Postgres at once;
 * - a job vanishes or gives up on its own (Redis lost the last second, attempts used up by a
 *   long outage): the periodic sweep checks open work untouched for a while against Redis and
 *   re-adds what has no live job.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private again = false;
  private stopped = false;
  private lastRecovery = 0;
  /** Where the sweeps walking the overdue work have got to. */
  private outboxCursor = '0';
  private deliveryCursor = FIRST_ID;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly queues: QueueFactory,
    private readonly router: EventRouter,
    private readonly deliveries: DeliveryRepository,
    private readonly signal: OutboxSignal,
    private readonly epoch: RedisEpoch,
    private readonly wakeup: OutboxWakeup,
    @Inject(HUB_ENVIRONMENT) private readonly env: HubEnvironment,
  ) {}

  onApplicationBootstrap(): void {
    if (this.env.role === 'api') return;
    // Routing waits on Postgres round trips, not CPU: more subjects in flight keep up with bursts.
    this.queues.worker(ROUTING_QUEUE, (job: Job<{ eventId: string }>) => this.router.route(job.data.eventId), {
      concurrency: 16,
      ...workerSettings(this.env),
    });
    this.signal.on('outbox', () => this.kick());
    this.wakeup.listen(() => this.kick());
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
      if (Date.now() - this.lastRecovery >= this.env.sweepIntervalMs) {
        this.lastRecovery = Date.now();
        await this.recover();
      }
      moved = await this.dispatchBatch();
    } catch (e) {
      this.logger.warn(`Outbox relay pass failed, will retry: ${(e as Error).message}`);
    } finally {
      this.running = false;
      const more = moved === BATCH || this.again;
      this.again = false;
      this.schedule(more ? 0 : this.env.relayIntervalMs);
    }
  }

  /**
   * Takes a batch of undispatched rows and adds one routing job per subject, for its latest
   * event: the router routes a subject's earlier unrouted events first (in sequence), so one
   * job carries them all, and the subject's events do not queue up behind one another's lock.
   */
  async dispatchBatch(): Promise<number> {
    return this.dataSource.transaction(async (m) => {
      // Losing this commit in a crash only re-dispatches the rows (absorbed by the job ids): no fsync wait.
      await m.query('SET LOCAL synchronous_commit = off');
      const rows: { id: string; event_id: string; subject_id: string; sequence: string }[] = await m.query(
        `SELECT o.id, o.event_id, e.subject_id, e.sequence FROM outbox o JOIN events e ON e.id = o.event_id
          WHERE o.dispatched_at IS NULL ORDER BY o.id LIMIT $1 FOR UPDATE OF o SKIP LOCKED`,
        [BATCH],
      );
      if (!rows.length) return 0;
      const latest = new Map<string, { event_id: string; sequence: number }>();
      for (const r of rows) {
        const seen = latest.get(r.subject_id);
        if (!seen || Number(r.sequence) > seen.sequence)
          latest.set(r.subject_id, { event_id: r.event_id, sequence: Number(r.sequence) });
      }
      await this.queues.queue(ROUTING_QUEUE).addBulk(
        [...latest.values()].map((r) => ({
          name: 'route',
          data: { eventId: r.event_id },
          opts: routeJobOptions(r.event_id),
        })),
      );
      await m.query(`UPDATE outbox SET dispatched_at = now() WHERE id = ANY($1)`, [rows.map((r) => r.id)]);
      return rows.length;
    });
  }

  /** Re-drives everything after a Redis data loss; otherwise sweeps for single lost jobs. */
  async recover(): Promise<void> {
    if (await this.epoch.lost()) {
      const { events, deliveries } = await this.redrive();
      await this.epoch.mark();
      if (events || deliveries)
        this.logger.warn(
          `Redis had lost its jobs: re-drove ${events} unrouted events and ${deliveries} open deliveries from Postgres`,
        );
      return;
    }
    await this.sweep();
  }

  private async redrive(): Promise<{ events: number; deliveries: number }> {
    // Undispatched rows are taken by the next pass; the jobs they had are gone.
    const events = (
      await sqlRows(
        this.dataSource.manager,
        `UPDATE outbox SET dispatched_at = NULL WHERE routed_at IS NULL AND dispatched_at IS NOT NULL RETURNING id`,
      )
    ).length;
    let deliveries = 0;
    for (let after = FIRST_ID; ;) {
      const page = await this.deliveries.openPage(after, 500);
      if (!page.length) break;
      await this.enqueue(page);
      deliveries += page.length;
      after = page[page.length - 1].id;
    }
    return { events, deliveries };
  }

  /** Adds delivery jobs, one bulk call per agency queue, each delayed to its retry time. */
  private async enqueue(page: OpenDelivery[]): Promise<void> {
    const byAgency = new Map<string, OpenDelivery[]>();
    for (const d of page) byAgency.set(d.agencyId, [...(byAgency.get(d.agencyId) ?? []), d]);
    for (const [agency, list] of byAgency) {
      await this.queues.queue(deliveryQueueName(agency)).addBulk(
        list.map((d) => ({
          name: DELIVERY_JOB,
          data: { deliveryId: d.id },
          opts: deliveryJobOptions(this.env, d.id, d.notBefore),
        })),
      );
    }
  }

  /** Open work untouched for `lostAfterMs` whose job Redis no longer holds (or has given up on) is added again. */
  async sweep(): Promise<void> {
    const unrouted: { id: string; event_id: string }[] = await this.dataSource.query(
      `SELECT id, event_id FROM outbox WHERE routed_at IS NULL AND dispatched_at < now() - make_interval(secs => $1 / 1000.0) AND id > $2 ORDER BY id LIMIT $3`,
      [this.env.lostAfterMs, this.outboxCursor, BATCH],
    );
    this.outboxCursor = unrouted.length === BATCH ? unrouted[unrouted.length - 1].id : '0';
    let readded = 0;
    for (const r of unrouted) {
      if (
        await ensureJob(this.queues.queue(ROUTING_QUEUE), 'route', { eventId: r.event_id }, routeJobOptions(r.event_id))
      )
        readded++;
    }
    const overdue = await this.deliveries.overdue(this.env.lostAfterMs, this.deliveryCursor, BATCH);
    this.deliveryCursor = overdue.length === BATCH ? overdue[overdue.length - 1].id : FIRST_ID;
    for (const d of overdue) {
      if (
        await ensureJob(
          this.queues.queue(deliveryQueueName(d.agencyId)),
          DELIVERY_JOB,
          { deliveryId: d.id },
          deliveryJobOptions(this.env, d.id, d.notBefore),
        )
      )
        readded++;
    }
    if (readded) this.logger.warn(`Re-added ${readded} jobs Redis no longer held`);
  }
}
