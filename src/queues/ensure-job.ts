import type { JobsOptions, Queue } from 'bullmq';

/**
 * Makes sure the work behind a job id will run. Adding a job whose id BullMQ still holds is a
 * no-op, which is how duplicates are absorbed; but a finished job (completed, or failed after
 * the hub's own outages used up its attempts) would then swallow the re-add for good, so it is
 * removed first. Live jobs (waiting, delayed, active) are left alone. True when one was added.
 */
export async function ensureJob(
  queue: Queue,
  name: string,
  data: Record<string, unknown>,
  opts: JobsOptions & { jobId: string },
): Promise<boolean> {
  const state = await queue.getJobState(opts.jobId);
  if (state !== 'unknown' && state !== 'completed' && state !== 'failed') return false;
  if (state !== 'unknown') await queue.remove(opts.jobId);
  await queue.add(name, data, opts);
  return true;
}
