/** The promise made to receivers (api.md): retryable failures are retried for at least this long. */
export const MIN_RETRY_WINDOW_MS = 72 * 3_600_000;

/** Upward jitter only, so the retry window is never shorter than the schedule says. */
const JITTER = 0.2;

/**
 * Delay before the next attempt after `failuresSoFar` failed ones: the configured step plus
 * 0-20 % jitter (so retries from many deliveries spread instead of stampeding a recovering
 * receiver), and never less than what the receiver asked for with Retry-After.
 */
export function nextDelayMs(
  schedule: number[],
  failuresSoFar: number,
  retryAfterMs?: number,
  random = Math.random,
): number {
  const base = schedule[Math.min(Math.max(failuresSoFar, 1) - 1, schedule.length - 1)] ?? 0;
  const jittered = Math.round(base * (1 + JITTER * random()));
  return Math.max(jittered, retryAfterMs ?? 0);
}

/** The shortest time from the first attempt to the dead letter (jitter at its lowest). */
export function retryWindowMs(schedule: number[]): number {
  return schedule.reduce((sum, ms) => sum + ms, 0);
}

/** Attempts a delivery gets in all: the first, then one per step of the schedule. */
export function attemptsAllowed(schedule: number[]): number {
  return schedule.length + 1;
}
