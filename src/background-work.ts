import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { ClockScheduler } from './clocks/clock-scheduler';
import { DeliveryWorkers } from './delivery/delivery-workers';
import { AuditVerifyMonitor } from './metrics/audit-verify-monitor';
import { OutboxRelay } from './routing/outbox-relay';
import { WatchlistSender } from './watchlist/watchlist-sender';

/**
 * The hub's background work: routing and the outbox relay, delivery workers, HMPO lodgements,
 * the clocks and the audit-chain walk. Only a root that includes BackgroundWorkModule starts it
 * (the worker, or the API in single-process mode); the services themselves never ask which
 * process they are in. Started after every module's own bootstrap (the backfills run first).
 */
@Injectable()
export class BackgroundWork implements OnApplicationBootstrap {
  constructor(
    private readonly relay: OutboxRelay,
    private readonly deliveries: DeliveryWorkers,
    private readonly watchlist: WatchlistSender,
    private readonly clocks: ClockScheduler,
    private readonly auditMonitor: AuditVerifyMonitor,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.relay.start();
    this.deliveries.start();
    this.watchlist.startWorker();
    await this.clocks.start();
    this.auditMonitor.start();
  }
}
