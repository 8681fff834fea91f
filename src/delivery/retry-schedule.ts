/**
 * Delay before the next attempt: the configured schedule (72 h+ by default), at least what the
 * receiver asked for with Retry-After, with ±10 % jitter so retries from many deliveries spread.
 */
export function nextDelayMs(schedule: number[], failuresSoFar: number, retryAfterMs?: number, random = Math.random): number {
  const base = schedule[Math.min(failuresSoFar - 1, schedule.length - 1)] ?? 0;
  const jittered = Math.round(base * (0.9 + 0.2 * random()));
  return Math.max(jittered, retryAfterMs ?? 0);
}

/** A failure worth retrying; carries the receiver's Retry-After for the backoff. */
export class RetryableDeliveryError extends Error {
  constructor(
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}
