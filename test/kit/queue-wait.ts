import type { Queue } from 'bullmq';
import { CLOCK_QUEUE } from '../../src/clocks/clock-scheduler';
import { deliveryQueueName, QueueFactory } from '../../src/queues/queue-factory';
import type { TestHub } from './test-hub';

/**
 * Waits until none of `queues` holds a job that is waiting (paused queues keep theirs there), active or delayed (a retry
 * parked until its time). From then on they do nothing until new work is added: the positive
 * marker for "no further attempt or duplicate comes", where a fixed sleep would only show that
 * none came yet.
 */
export async function waitForIdleQueues(queues: Queue[], timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const counts = await Promise.all(
      queues.map(async (q) => ({
        queue: q.name,
        ...(await q.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'waiting-children')),
      })),
    );
    if (counts.every(({ queue: _name, ...c }) => Object.values(c).every((n) => n === 0))) return;
    if (Date.now() > deadline) throw new Error(`queues never went idle: ${JSON.stringify(counts)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The same for one agency's delivery queue on a test hub. */
export async function waitForIdleDeliveryQueue(hub: TestHub, agencyId: string, timeoutMs = 15_000): Promise<void> {
  await waitForIdleQueues([hub.app.get(QueueFactory).queue(deliveryQueueName(agencyId))], timeoutMs);
}

/**
 * The hub's scheduler runs every clock once as it starts, with the real date and time, on a
 * worker that may get to it only after the test has begun posting. A test that drives the
 * clocks itself waits for those first ticks to finish before it creates anything they could act on.
 */
export async function waitForStartupClockTicks(hub: TestHub, timeoutMs = 15_000): Promise<void> {
  const queue = hub.app.get(QueueFactory).queue(CLOCK_QUEUE);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const schedulers = await queue.getJobSchedulersCount();
    const c = await queue.getJobCounts('waiting', 'active', 'prioritized', 'completed', 'failed');
    if (schedulers > 0 && c.waiting + c.active + c.prioritized === 0 && c.completed + c.failed >= schedulers) return;
    if (Date.now() > deadline)
      throw new Error(`the hub's start-up clock ticks never finished: ${schedulers} schedulers, ${JSON.stringify(c)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
