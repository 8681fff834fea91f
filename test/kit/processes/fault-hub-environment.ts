/** The hub's settings in every fault run (crash and rolling restart). */
export const FAULT_HUB_ENV = {
  // Compressed for the test; the shape (growing, jittered, ending in a dead letter) is production's.
  HUB_RETRY_SCHEDULE: '250ms,500ms,1s,2s,3s,5s,5s,5s,5s,5s,5s,5s',
  HUB_WEBHOOK_TIMEOUT_MS: '1500',
  HUB_QUEUE_LOCK_MS: '5000',
  HUB_SWEEP_INTERVAL_MS: '1000',
  HUB_LOST_AFTER_MS: '10000',
  HUB_RELAY_INTERVAL_MS: '100',
  LOG_LEVEL: 'info',
};
