import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { Job } from 'bullmq';
import { HUB_ENVIRONMENT, type HubEnvironment } from '../../config/environment';
import { QueueFactory } from '../queues/queue-factory';
import { OutboxSignal } from '../routing/outbox-signal';
import { HubTelemetry } from '../telemetry/hub-telemetry';
import { CLOCKS, type Clock } from './clock.port';

export const CLOCK_QUEUE = 'hub-clocks';

/**
 * One hub-wide BullMQ job scheduler per clock: however many worker processes run, Redis hands
 * each tick to one of them; the clocks' own row claims make a doubled tick harmless anyway.
 */
@Injectable()
export class ClockScheduler implements OnApplicationBootstrap {
  private readonly logger = new Logger(ClockScheduler.name);

  constructor(
    private readonly queues: QueueFactory,
    private readonly signal: OutboxSignal,
    @Inject(CLOCKS) private readonly clocks: Clock[],
    @Inject(HUB_ENVIRONMENT) private readonly env: HubEnvironment,
    private readonly telemetry: HubTelemetry,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.env.role === 'api') return;
    const queue = this.queues.queue(CLOCK_QUEUE);
    for (const clock of this.clocks) {
      await queue.upsertJobScheduler(
        clock.name,
        { every: this.env.clockIntervalMs },
        { name: clock.name, opts: { removeOnComplete: 100, removeOnFail: 100 } },
      );
    }
    this.queues.worker(CLOCK_QUEUE, (job: Job) => this.tick(job.name), { concurrency: 1 });
  }

  /** Runs one clock now (the scheduler's job, and callable directly by tests). */
  async tick(name: string, now: Date = new Date()): Promise<number> {
    const clock = this.clocks.find((c) => c.name === name);
    if (!clock) return 0;
    const raised = await this.telemetry.clockRun(name, () => clock.tick(now));
    if (raised > 0) {
      this.logger.log(`${name}: raised ${raised} deadline event(s)`);
      this.signal.notify();
    }
    return raised;
  }
}
