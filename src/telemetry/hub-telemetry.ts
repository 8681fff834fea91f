import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/** Latency buckets in seconds: from a fast read to a webhook near its timeout. */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export type DeliveryOutcome = 'delivered' | 'retrying' | 'dead' | 'blocked' | 'skipped';

/**
 * The hub's Prometheus registry (one per app, not prom-client's global one, so several apps in
 * one test process do not collide) and its RED series: rate, errors and duration of what each
 * process does itself (requests, inbound messages, reads, deliveries, clock runs), counted as it
 * happens. The backlog gauges (HubMetrics) share the registry.
 */
@Injectable()
export class HubTelemetry {
  readonly registry = new Registry();

  readonly httpRequests = new Counter({
    name: 'hub_http_requests_total',
    help: 'HTTP requests answered, by method, route pattern and status code',
    labelNames: ['method', 'route', 'status'],
    registers: [this.registry],
  });
  readonly httpDuration = new Histogram({
    name: 'hub_http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by method and route pattern',
    labelNames: ['method', 'route'],
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  readonly inboundMessages = new Counter({
    name: 'hub_inbound_messages_total',
    help: 'Inbound messages by source and outcome (accepted, replayed, rejected, dry_run, unauthorised, failed)',
    labelNames: ['source', 'outcome'],
    registers: [this.registry],
  });
  readonly inboundDuration = new Histogram({
    name: 'hub_inbound_message_duration_seconds',
    help: 'Time to take in one inbound message (validated, resolved and committed), by source',
    labelNames: ['source'],
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  readonly reads = new Counter({
    name: 'hub_reads_total',
    help: 'Record and feed reads by resource (subjects, feed, checks) and outcome (ok, refused, failed)',
    labelNames: ['resource', 'outcome'],
    registers: [this.registry],
  });
  readonly readDuration = new Histogram({
    name: 'hub_read_duration_seconds',
    help: 'Time to answer a record or feed read, by resource',
    labelNames: ['resource'],
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  readonly deliveries = new Counter({
    name: 'hub_deliveries_total',
    help: 'Webhook delivery attempts by agency and outcome (delivered, retrying, dead, blocked, skipped)',
    labelNames: ['agency', 'outcome'],
    registers: [this.registry],
  });
  readonly deliveryDuration = new Histogram({
    name: 'hub_delivery_duration_seconds',
    help: 'Time of one delivery attempt, the receiver call included, by agency and outcome',
    labelNames: ['agency', 'outcome'],
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  readonly clockRuns = new Counter({
    name: 'hub_clock_runs_total',
    help: 'Clock runs by clock and outcome (ok, failed)',
    labelNames: ['clock', 'outcome'],
    registers: [this.registry],
  });
  readonly clockDuration = new Histogram({
    name: 'hub_clock_run_duration_seconds',
    help: 'Time of one clock run, by clock',
    labelNames: ['clock'],
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  readonly clockRaised = new Counter({
    name: 'hub_clock_events_raised_total',
    help: 'Events the clocks raised (deadlines due or overdue, reminders), by clock',
    labelNames: ['clock'],
    registers: [this.registry],
  });

  constructor() {
    // prom-client's default names already start with process_ or nodejs_: prefix with hub_ only.
    collectDefaultMetrics({ register: this.registry, prefix: 'hub_' });
  }

  delivery(agency: string, outcome: DeliveryOutcome, startedAt: number): void {
    this.deliveries.inc({ agency, outcome });
    this.deliveryDuration.observe({ agency, outcome }, (performance.now() - startedAt) / 1000);
  }

  /** Times one clock run and counts it, failed or not. */
  async clockRun(clock: string, run: () => Promise<number>): Promise<number> {
    const stop = this.clockDuration.startTimer({ clock });
    try {
      const raised = await run();
      this.clockRuns.inc({ clock, outcome: 'ok' });
      if (raised > 0) this.clockRaised.inc({ clock }, raised);
      return raised;
    } catch (e) {
      this.clockRuns.inc({ clock, outcome: 'failed' });
      throw e;
    } finally {
      stop();
    }
  }
}
