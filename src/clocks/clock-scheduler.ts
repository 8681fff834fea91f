import { Inject, Injectable, Logger } from '@nestjs/common';
import { HUB_ENVIRONMENT, type HubEnvironment } from '../../config/environment';
import { CLOCK_QUEUE, jobOptions, type HubQueueJob, clockTickJob } from '../queues/hub-jobs';
import { QueueFactory } from '../queues/queue-factory';
import { OutboxSignal } from '../routing/outbox-signal';
import { HubTelemetry } from '../telemetry/hub-telemetry';
import { CLOCKS, type Clock } from './clock.port';

/**
 * One hub-wide BullMQ job scheduler per clock: however many worker processes run, Redis hands
 * each tick to one of them; the clocks' own row claims make a doubled tick harmless anyway.
 */
@Injectable()
export class ClockScheduler {
  private readonly logger = new Logger(ClockScheduler.name);

  constructor(
    private readonly queues: QueueFactory,
    private readonly signal: OutboxSignal,
    @Inject(CLOCKS) private readonly clocks: Clock[],
    @Inject(HUB_ENVIRONMENT) private readonly env: HubEnvironment,
    private readonly telemetry: HubTelemetry,
  ) {}

  /** Schedules every clock and starts the worker that ticks them (the worker root's BackgroundWork calls it). */
  async start(): Promise<void> {
    const queue = this.queues.queue(CLOCK_QUEUE);
    for (const clock of this.clocks) {
      const tick = clockTickJob(clock.name);
      // A scheduler names its own jobs, so the template takes every option but the job id.
      const { jobId: _schedulerNamesIt, ...opts } = jobOptions(tick);
      await queue.upsertJobScheduler(clock.name, { every: this.env.clockIntervalMs }, { ...tick, opts });
    }
    // Ticks scheduled before the clock's name moved into the job's data were named after it.
    this.queues.worker(CLOCK_QUEUE, (job: HubQueueJob<'tick'>) => this.tick(job.data.clock ?? job.name), {
      concurrency: 1,
    });
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
