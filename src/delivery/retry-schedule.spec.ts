import { DEFAULT_RETRY_SCHEDULE, loadEnvironment } from '../../config/environment';
import { attemptsAllowed, MIN_RETRY_WINDOW_MS, nextDelayMs, retryWindowMs } from './retry-schedule';

const schedule = loadEnvironment({ HUB_RETRY_SCHEDULE: DEFAULT_RETRY_SCHEDULE }).retryScheduleMs;

describe('the retry schedule', () => {
  it('keeps trying for at least 72 hours by default, even with the least jitter', () => {
    expect(retryWindowMs(schedule)).toBeGreaterThanOrEqual(MIN_RETRY_WINDOW_MS);
    const shortest = schedule.reduce((sum, _, i) => sum + nextDelayMs(schedule, i + 1, undefined, () => 0), 0);
    expect(shortest).toBeGreaterThanOrEqual(MIN_RETRY_WINDOW_MS);
    expect(attemptsAllowed(schedule)).toBe(schedule.length + 1);
  });

  it('jitters upwards only, by at most a fifth, so retries spread without shortening the window', () => {
    for (let failures = 1; failures <= schedule.length; failures++) {
      const base = schedule[failures - 1];
      expect(nextDelayMs(schedule, failures, undefined, () => 0)).toBe(base);
      expect(nextDelayMs(schedule, failures, undefined, () => 0.999999)).toBeLessThanOrEqual(Math.round(base * 1.2));
      expect(nextDelayMs(schedule, failures, undefined, () => 0.5)).toBe(Math.round(base * 1.1));
    }
  });

  it('never retries sooner than the receiver asked with Retry-After, and keeps to the schedule when it asks for less', () => {
    expect(nextDelayMs([5000, 300_000], 1, 60_000, () => 0)).toBe(60_000);
    expect(nextDelayMs([5000, 300_000], 2, 60_000, () => 0)).toBe(300_000);
  });

  it('stays on the last step when failures outrun the schedule', () => {
    expect(nextDelayMs([1000, 2000], 7, undefined, () => 0)).toBe(2000);
  });
});
