import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import { QueueStats } from '../delivery/queue-stats';
import { UpstreamStats } from '../upstreams/upstream-stats';

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
  private readonly checks = this.gauge('hub_pnc_checks_last_hour', 'Checks run in the last hour, by whether the PNC answered', ['pnc']);
  private readonly hmpoOutstanding = this.gauge('hub_hmpo_watchlist_outstanding', 'Watchlist lodgements and withdrawals HMPO has not yet accepted, by whether they are held back (no agreement in force, or HMPO_URL unset)', ['held']);
  private readonly hmpoOldest = this.gauge('hub_hmpo_watchlist_oldest_outstanding_seconds', 'How long the oldest watchlist request has waited for HMPO', []);

  constructor(
    private readonly stats: QueueStats,
    private readonly upstreams: UpstreamStats,
  ) {
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
    const { pnc, hmpo } = await this.upstreams.standing();
    this.checks.set({ pnc: 'answered' }, pnc.checksLastHour - pnc.degradedLastHour);
    this.checks.set({ pnc: 'degraded' }, pnc.degradedLastHour);
    this.hmpoOutstanding.set({ held: 'no' }, hmpo.outstanding - hmpo.blocked);
    this.hmpoOutstanding.set({ held: 'yes' }, hmpo.blocked);
    this.hmpoOldest.set(hmpo.oldestOutstandingSeconds);
    return this.registry.metrics();
  }
}
