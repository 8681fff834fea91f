import { describe, expect, it } from '@jest/globals';
import { infrastructureBackoffMs, INFRASTRUCTURE_BACKOFF, jobOptions } from './hub-jobs';

describe('the hub jobs', () => {
  it("backs off the hub's own outages from about a second to at most a minute", () => {
    expect(infrastructureBackoffMs(1, () => 1)).toBe(1000);
    expect(infrastructureBackoffMs(1, () => 0)).toBe(500);
    expect(infrastructureBackoffMs(4, () => 1)).toBe(8000);
    expect(infrastructureBackoffMs(30, () => 1)).toBe(60_000);
  });

  it('gives each job the id of the work it carries, so a second add of the same work is a no-op', () => {
    expect(jobOptions({ name: 'route', data: { eventId: 'e1' } }).jobId).toBe('e1');
    expect(jobOptions({ name: 'deliver', data: { deliveryId: 'd1' } }).jobId).toBe('d1');
    expect(jobOptions({ name: 'sync', data: { entryId: 'w1' } }).jobId).toBe('w1');
    expect(jobOptions({ name: 'sync', data: { entryId: 'w1' } }, { jobId: 'w1:relodge:1' }).jobId).toBe('w1:relodge:1');
  });

  it("retries routing and delivery on the hub's own backoff, and HMPO's for as long as it is down", () => {
    const route = jobOptions({ name: 'route', data: { eventId: 'e1' } });
    expect(route).toMatchObject({ attempts: 40, backoff: { type: INFRASTRUCTURE_BACKOFF } });
    expect(jobOptions({ name: 'sync', data: { entryId: 'w1' } })).toMatchObject({
      attempts: 1_000_000,
      backoff: { type: 'hmpo-backoff' },
    });
  });

  it('delays a delivery to its next attempt, and not one that is due', () => {
    const deliver = { name: 'deliver', data: { deliveryId: 'd1' } } as const;
    const later = jobOptions(deliver, { notBefore: new Date(Date.now() + 60_000) });
    expect(later.delay).toBeGreaterThan(55_000);
    expect(later.delay).toBeLessThanOrEqual(60_000);
    expect(jobOptions(deliver, { notBefore: new Date(Date.now() - 1000) }).delay).toBeUndefined();
    expect(jobOptions(deliver).delay).toBeUndefined();
  });
});
