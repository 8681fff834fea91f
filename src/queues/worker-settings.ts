import type { HubEnvironment } from '../../config/environment';
import { infrastructureBackoffMs } from './hub-jobs';

/**
 * Worker settings shared by the hub's queues. A killed worker's jobs come back after the lock
 * expires; a job may stall a few times (repeated kills) before BullMQ gives up on it, and even
 * then the sweep finds it.
 */
export function workerSettings(env: HubEnvironment) {
  return {
    lockDuration: env.queueLockMs,
    stalledInterval: env.queueLockMs,
    maxStalledCount: 5,
    settings: { backoffStrategy: (attemptsMade: number) => infrastructureBackoffMs(attemptsMade) },
  };
}
