import { Injectable } from '@nestjs/common';
import { Gauge, Registry } from 'prom-client';
import { DisclosurePolicy } from '../agreements/disclosure-policy';
import { QueueStats } from '../delivery/queue-stats';
import { UpstreamStats } from '../upstreams/upstream-stats';
import { HubTelemetry } from '../telemetry/hub-telemetry';
import { OpenGaps } from '../responsibility/open-gaps';

function backlogGauges(registry: Registry) {
  const gauge = (name: string, help: string, labelNames: string[]) =>
    new Gauge({ name, help, labelNames, registers: [registry] });
  return {
    depth: gauge(
      'hub_delivery_queue_depth',
      'Jobs in the agency delivery queue not yet finished (waiting, active, delayed for retry)',
      ['agency'],
    ),
    jobs: gauge('hub_delivery_queue_jobs', 'Jobs in the agency delivery queue by BullMQ state', ['agency', 'state']),
    oldest: gauge(
      'hub_delivery_oldest_waiting_seconds',
      'How long the delivery that has been due longest has waited to be sent',
      ['agency'],
    ),
    open: gauge('hub_deliveries_open', 'Open deliveries in Postgres: pending (not tried yet) and retrying', [
      'agency',
      'status',
    ]),
    dead: gauge('hub_deliveries_dead', 'Dead-lettered deliveries awaiting an operator replay', ['agency']),
    unrouted: gauge('hub_outbox_unrouted', 'Events committed but not yet routed to subscribers', []),
    unroutedAge: gauge('hub_outbox_oldest_unrouted_seconds', 'Age of the oldest unrouted event', []),
    redisUp: gauge('hub_redis_up', '1 when Redis answered the last scrape', []),
    checks: gauge('hub_pnc_checks_last_hour', 'Checks run in the last hour, by whether the PNC answered', ['pnc']),
    hmpoOutstanding: gauge(
      'hub_hmpo_watchlist_outstanding',
      'Watchlist lodgements and withdrawals HMPO has not yet accepted, by whether they are held back (no agreement in force, or HMPO_URL unset)',
      ['held'],
    ),
    agreements: gauge(
      'hub_agreements',
      'Agreements loaded, by state today (active, review-overdue, suspended, expired...)',
      ['state'],
    ),
    gaps: gauge(
      'hub_responsibility_gaps',
      'People under notification requirements whom no agency manages as it should, by area and kind (GET /v1/admin/responsibility/gaps)',
      ['area', 'kind'],
    ),
    hmpoOldest: gauge(
      'hub_hmpo_watchlist_oldest_outstanding_seconds',
      'How long the oldest watchlist request has waited for HMPO',
      [],
    ),
  };
}

/**
 * The backlog gauges, read from Postgres and Redis at scrape time, so any process serving
 * /metrics reports the whole hub's backlog (alert on them with max(), not sum()). They share the
 * registry of the RED series (HubTelemetry), which each process counts for itself.
 */
@Injectable()
export class HubMetrics {
  readonly registry: Registry;
  private readonly g: ReturnType<typeof backlogGauges>;

  constructor(
    telemetry: HubTelemetry,
    private readonly stats: QueueStats,
    private readonly upstreams: UpstreamStats,
    private readonly policy: DisclosurePolicy,
    private readonly openGaps: OpenGaps,
  ) {
    this.registry = telemetry.registry;
    this.g = backlogGauges(telemetry.registry);
  }

  /** Reads the backlog once for every gauge, then renders the text exposition. */
  async render(): Promise<string> {
    const s = await this.stats.snapshot();
    this.g.depth.reset();
    this.g.jobs.reset();
    for (const [agency, b] of Object.entries(s.agencies)) {
      if (b.depth !== null) this.g.depth.set({ agency }, b.depth);
      for (const [state, n] of Object.entries(b.jobs ?? {})) this.g.jobs.set({ agency, state }, n);
      this.g.oldest.set({ agency }, b.oldestWaitingSeconds);
      this.g.open.set({ agency, status: 'pending' }, b.open.pending);
      this.g.open.set({ agency, status: 'retrying' }, b.open.retrying);
      this.g.dead.set({ agency }, b.dead);
    }
    this.g.unrouted.set(s.outbox.unrouted);
    this.g.unroutedAge.set(s.outbox.oldestUnroutedSeconds);
    this.g.redisUp.set(s.redisError ? 0 : 1);
    const { pnc, hmpo } = await this.upstreams.standing();
    this.g.checks.set({ pnc: 'answered' }, pnc.checksLastHour - pnc.degradedLastHour);
    this.g.checks.set({ pnc: 'degraded' }, pnc.degradedLastHour);
    this.g.hmpoOutstanding.set({ held: 'no' }, hmpo.outstanding - hmpo.blocked);
    this.g.hmpoOutstanding.set({ held: 'yes' }, hmpo.blocked);
    this.g.hmpoOldest.set(hmpo.oldestOutstandingSeconds);
    this.g.agreements.reset();
    const states = new Map<string, number>();
    for (const { state } of await this.policy.standing()) states.set(state, (states.get(state) ?? 0) + 1);
    for (const state of ['active', 'review-overdue', 'suspended', 'expired'])
      this.g.agreements.set({ state }, states.get(state) ?? 0);
    for (const [state, n] of states) this.g.agreements.set({ state }, n);
    // Reset first: a closed gap's series must drop to nothing, not keep its last count.
    this.g.gaps.reset();
    const gaps = new Map<string, { area: string; kind: string; n: number }>();
    for (const { area, kind } of await this.openGaps.list()) {
      const key = `${area} ${kind}`;
      gaps.set(key, { area, kind, n: (gaps.get(key)?.n ?? 0) + 1 });
    }
    for (const { area, kind, n } of gaps.values()) this.g.gaps.set({ area, kind }, n);
    return this.registry.metrics();
  }
}
