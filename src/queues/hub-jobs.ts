import type { Job, JobsOptions, Queue } from 'bullmq';

/** The queue that carries event ids from the outbox relay to the router. */
export const ROUTING_QUEUE = 'route-events';

/** One delivery queue per agency, so a slow agency never holds up another. */
export function deliveryQueueName(agencyId: string): string {
  return `deliver.${agencyId}`;
}

/** Lodgements and withdrawals on HMPO's watchlist, one job per watch entry. */
export const WATCHLIST_QUEUE = 'hmpo-watchlist';

/** The clocks' ticks (one BullMQ job scheduler per clock). */
export const CLOCK_QUEUE = 'hub-clocks';

/**
 * Every job the hub puts on a queue. Jobs carry ids only: Postgres holds the work itself, so a
 * job lost with Redis is re-added from there.
 */
export type HubJob =
  | { name: 'route'; data: { eventId: string } }
  | { name: 'deliver'; data: { deliveryId: string } }
  | { name: 'sync'; data: { entryId: string } }
  | { name: 'tick'; data: { clock: string } };

export type HubJobName = HubJob['name'];

/** The jobs, built here so no other file spells a job's name. */
export const routeJob = (eventId: string): HubJob => ({ name: 'route', data: { eventId } });
export const deliverJob = (deliveryId: string): HubJob => ({ name: 'deliver', data: { deliveryId } });
export const watchlistSyncJob = (entryId: string): HubJob => ({ name: 'sync', data: { entryId } });
export const clockTickJob = (clock: string): HubJob => ({ name: 'tick', data: { clock } });

/** What a worker for jobs named `N` receives. */
export type HubQueueJob<N extends HubJobName> = Job<Extract<HubJob, { name: N }>['data']>;

/** BullMQ backoff type name for {@link infrastructureBackoffMs}, registered on every hub worker. */
export const INFRASTRUCTURE_BACKOFF = 'hub-infrastructure';

/**
 * Backoff for the hub's own trouble (Postgres or Redis briefly away), which must not use up a
 * receiver's retry budget or wait hours: 1 s doubling to a minute, with jitter.
 */
export function infrastructureBackoffMs(attemptsMade: number, random = Math.random): number {
  const base = Math.min(60_000, 1000 * 2 ** Math.max(0, attemptsMade - 1));
  return Math.round(base * (0.5 + random() / 2));
}

/** BullMQ backoff type name for HMPO's own backoff (its worker registers the strategy). */
export const HMPO_BACKOFF = 'hmpo-backoff';

/**
 * BullMQ's attempts for routing and delivery cover only the hub's own failures (Postgres or
 * Redis away): with the backoff capped at a minute this rides out about half an hour; after
 * that the relay's sweep re-adds the work, since it is still open in Postgres. A receiver's
 * retry schedule is kept in Postgres by the delivery processor.
 */
const INFRASTRUCTURE_ATTEMPTS = 40;

/** Kept long enough to absorb a duplicate add (same job id), then trimmed. */
const KEEP_FINISHED = { removeOnComplete: { age: 3600, count: 1000 }, removeOnFail: { count: 10000 } };

/**
 * The options of each kind of job, in one place. The job id is the id the job carries (a second
 * add of the same work is a no-op) unless `jobId` says otherwise; `notBefore` delays a delivery
 * to its next attempt.
 */
export function jobOptions(
  job: HubJob,
  options: { notBefore?: Date | null; jobId?: string } = {},
): JobsOptions & { jobId: string } {
  switch (job.name) {
    case 'route':
      return {
        jobId: options.jobId ?? job.data.eventId,
        attempts: INFRASTRUCTURE_ATTEMPTS,
        backoff: { type: INFRASTRUCTURE_BACKOFF },
        ...KEEP_FINISHED,
      };
    case 'deliver': {
      const delay = options.notBefore ? Math.max(0, options.notBefore.getTime() - Date.now()) : 0;
      return {
        jobId: options.jobId ?? job.data.deliveryId,
        attempts: INFRASTRUCTURE_ATTEMPTS,
        backoff: { type: INFRASTRUCTURE_BACKOFF },
        ...(delay ? { delay } : {}),
        ...KEEP_FINISHED,
      };
    }
    case 'sync':
      // HMPO may be down for days: the job keeps trying (Postgres says what is still wanted).
      return {
        jobId: options.jobId ?? job.data.entryId,
        attempts: 1_000_000,
        backoff: { type: HMPO_BACKOFF },
        removeOnComplete: true,
        removeOnFail: 1000,
      };
    case 'tick':
      return { jobId: options.jobId ?? job.data.clock, removeOnComplete: 100, removeOnFail: 100 };
  }
}

/** Adds one job with its options. */
export async function addJob(queue: Queue, job: HubJob, options: Parameters<typeof jobOptions>[1] = {}): Promise<void> {
  await queue.add(job.name, job.data, jobOptions(job, options));
}

/** Adds several jobs in one round trip; `optionsOf` gives the i-th job's options (a delivery's notBefore). */
export async function addJobs(
  queue: Queue,
  jobs: HubJob[],
  optionsOf: (i: number) => Parameters<typeof jobOptions>[1] = () => ({}),
): Promise<void> {
  if (!jobs.length) return;
  await queue.addBulk(jobs.map((job, i) => ({ name: job.name, data: job.data, opts: jobOptions(job, optionsOf(i)) })));
}
