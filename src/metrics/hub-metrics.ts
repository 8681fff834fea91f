import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import { QueueStats } from '../delivery/queue-stats';

/**
 * The hub's Prometheus registry (one per app, not prom-client's global one, so several apps in
 * one test process do not collide). Backlog gauges are read from Postgres and Redis at scrape
 * time, so any process serving /metrics reports the whole hub, workers included.
 */
@Injectable()
export class HubMetrics {
  readonly registry = new Registry();
  private readonly depth = this.gauge('hub_delivery_queue_depth', 'Jobs in the agency delivery queue not yet finished (waiting, active, delayed for retry)', ['agency']);
  private readonly jobs = this.gauge('hub_delivery_queue_jobs', 'Jobs in the agency delivery queue by BullMQ state', ['agency', 'state']);
  private readonly oldest = this.gauge('hub_delivery_oldest_waiting_seconds', 'How long the delivery that has been due longest has waited to be sent', ['agency']);
  private readonly open = this.gauge('hub_deliveries_open', 'Open deliveries in Postgres: pending (not tried yet) and retrying', ['agency', 'status']);
  private readonly dead = this.gauge('hub_deliveries_dead', 'Dead-lettered deliveries awaiting an operator replay', ['agency']);
  private readonly unrouted = this.gauge('hub_outbox_unrouted', 'Events committed but not yet routed to subscribers', []);
  private readonly unroutedAge = this.gauge('hub_outbox_oldest_unrouted_seconds', 'Age of the oldest unrouted event', []);
  private readonly redisUp = this.gauge('hub_redis_up', '1 when Redis answered the last scrape', []);

  constructor(private readonly stats: QueueStats) {
    collectDefaultMetrics({ register: this.registry, prefix: 'hub_process_' });
  }

  private gauge(name: string, help: string, labelNames: string[]): Gauge {
    return new Gauge({ name, help, labelNames, registers: [this.registry] });
  }

  /** Reads the backlog once for every gauge, then renders the text exposition. */
  async render(): Promise<string> {
    const s = await this.stats.snapshot();
    this.depth.reset();
    this.jobs.reset();
    for (const [agency, b] of Object.entries(s.agencies)) {
      if (b.depth !== null) this.depth.set({ agency }, b.depth);
      for (const [state, n] of Object.entries(b.jobs ?? {})) this.jobs.set({ agency, state }, n);
      this.oldest.set({ agency }, b.oldestWaitingSeconds);
      this.open.set({ agency, status: 'pending' }, b.open.pending);
      this.open.set({ agency, status: 'retrying' }, b.open.retrying);
      this.dead.set({ agency }, b.dead);
    }
    this.unrouted.set(s.outbox.unrouted);
    this.unroutedAge.set(s.outbox.oldestUnroutedSeconds);
    this.redisUp.set(s.redisError ? 0 : 1);
    return this.registry.metrics();
  }
}
