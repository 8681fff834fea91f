import { describe, expect, it } from '@jest/globals';
import { InMemoryRoutingHub } from '../kit/in-memory-routing';
import type { Agreement } from '../../src/agreements/agreement';
import { RECEIVED_STATUSES } from '../../src/delivery/delivery.repository';
import { deliveryQueueName } from '../../src/queues/queue-factory';

/**
 * EventRouter over in-memory doubles of its repositories and the real disclosure policy
 * (test/kit/in-memory-routing.ts): which subscriptions an event routes to, in what order,
 * projected how, and that routing twice is routing once.
 */

const WYP_POLICE = 'police.west-yorkshire';
const NYP_POLICE = 'police.north-yorkshire';
const PROBATION = 'probation.yorkshire';

const agreement = (id: string, over: Partial<Agreement>): Agreement => ({
  id,
  title: id,
  status: 'active',
  validFrom: '2020-01-01',
  recipients: [],
  purpose: 'MAPPA_RISK_MANAGEMENT',
  lawfulBasis: 'test',
  eventTypes: ['conviction.recorded', 'order.made', 'record.corrected'],
  conditions: {},
  fields: ['conviction'],
  excludeProvenance: [],
  classification: 'OFFICIAL-SENSITIVE',
  file: `${id}.yaml`,
  ...over,
});

const AGREEMENTS = [
  agreement('DSA-WYP', { recipients: [WYP_POLICE], conditions: { areas: ['WYP'] } }),
  agreement('DSA-NYP', { recipients: [NYP_POLICE], conditions: { areas: ['NYP'] } }),
  agreement('DSA-PROB', { recipients: [PROBATION], fields: ['conviction', 'order'] }),
];

describe('EventRouter', () => {
  it('routes an event to the agencies an agreement entitles for the subject’s current areas, projected to their fields', async () => {
    const hub = new InMemoryRoutingHub(AGREEMENTS);
    hub.subject('s-1', ['WYP']);
    hub.subscribe('sub-wyp', WYP_POLICE, ['conviction.recorded']);
    hub.subscribe('sub-nyp', NYP_POLICE, ['conviction.recorded']);
    hub.subscribe('sub-prob', PROBATION, ['conviction.recorded']);
    hub.raise('e-1', 's-1', 1, 'conviction.recorded');
    await hub.router().route('e-1');

    expect(hub.deliveries.map((d) => d.agencyId).sort()).toEqual([WYP_POLICE, PROBATION].sort());
    expect(hub.to(WYP_POLICE)[0]).toMatchObject({
      agreementIds: ['DSA-WYP'],
      payload: { conviction: { offenceCode: 'X' } },
    });
    expect(hub.to(PROBATION)[0].payload).toEqual({ conviction: { offenceCode: 'X' }, order: { orderRef: 'O' } });
    expect(JSON.stringify(hub.deliveries)).not.toContain('never');
    expect(hub.routed.has('e-1')).toBe(true);
    // Each webhook delivery is enqueued on its agency's own queue, keyed by its id.
    expect(hub.enqueued.map((j) => [j.queue, j.jobId])).toEqual(
      hub.deliveries.map((d) => [deliveryQueueName(d.agencyId), d.id]),
    );
  });

  it('does not route to a subscription of another event type, a disabled one, or one whose area filter leaves the subject out', async () => {
    const hub = new InMemoryRoutingHub(AGREEMENTS);
    hub.subject('s-1', ['WYP']);
    hub.subscribe('sub-other-type', WYP_POLICE, ['order.made']);
    hub.subscribe('sub-disabled', WYP_POLICE, ['conviction.recorded'], { status: 'disabled' });
    hub.subscribe('sub-filtered', PROBATION, ['conviction.recorded'], { filter: { areas: ['NYP'] } });
    hub.raise('e-1', 's-1', 1, 'conviction.recorded');
    await hub.router().route('e-1');
    expect(hub.deliveries).toEqual([]);
    expect(hub.routed.has('e-1')).toBe(true);
  });

  it('makes a feed subscription a feed entry, not a webhook job', async () => {
    const hub = new InMemoryRoutingHub(AGREEMENTS);
    hub.subject('s-1', ['WYP']);
    hub.subscribe('sub-feed', WYP_POLICE, ['conviction.recorded'], { mode: 'feed', url: null });
    hub.raise('e-1', 's-1', 1, 'conviction.recorded');
    await hub.router().route('e-1');
    expect(hub.deliveries).toMatchObject([{ subscriptionId: 'sub-feed', feed: true, status: 'available' }]);
    expect(hub.enqueued).toEqual([]);
  });

  it('is idempotent: routing again creates nothing new, and re-enqueues the open delivery under the same job id', async () => {
    const hub = new InMemoryRoutingHub(AGREEMENTS);
    hub.subject('s-1', ['WYP']);
    hub.subscribe('sub-wyp', WYP_POLICE, ['conviction.recorded']);
    hub.raise('e-1', 's-1', 1, 'conviction.recorded');
    const router = hub.router();
    await router.route('e-1');
    await router.route('e-1');
    expect(hub.deliveries).toHaveLength(1);
    expect(hub.enqueued.map((j) => j.jobId)).toEqual([hub.deliveries[0].id, hub.deliveries[0].id]);
  });

  it("routes a subject's earlier unrouted events first, so deliveries follow the order events happened", async () => {
    const hub = new InMemoryRoutingHub(AGREEMENTS);
    hub.subject('s-1', ['WYP']);
    hub.subscribe('sub-wyp', WYP_POLICE, ['conviction.recorded', 'order.made']);
    hub.raise('e-1', 's-1', 1, 'conviction.recorded');
    hub.raise('e-2', 's-1', 2, 'order.made');
    hub.raise('e-3', 's-1', 3, 'conviction.recorded'); // later than the one asked for: left for its own job
    await hub.router().route('e-2');
    expect(hub.deliveries.map((d) => d.eventId)).toEqual(['e-1', 'e-2']);
    expect(hub.routed.has('e-3')).toBe(false);
  });

  it('routes nothing for an erased subject', async () => {
    const hub = new InMemoryRoutingHub(AGREEMENTS);
    hub.subscribe('sub-wyp', WYP_POLICE, ['conviction.recorded']);
    hub.raise('e-1', 's-gone', 1, 'conviction.recorded');
    await hub.router().route('e-1');
    expect(hub.deliveries).toEqual([]);
    expect(hub.routed.has('e-1')).toBe(false);
  });

  it('sends a correction to every subscription of its audience that received what it corrects, under the agreements that carried it, even unsubscribed to record.corrected', async () => {
    const hub = new InMemoryRoutingHub(AGREEMENTS);
    hub.subject('s-1', ['WYP']);
    hub.subscribe('sub-wyp', WYP_POLICE, ['conviction.recorded']);
    hub.subscribe('sub-prob', PROBATION, ['conviction.recorded']);
    hub.raise('e-1', 's-1', 1, 'conviction.recorded');
    const router = hub.router();
    await router.route('e-1');
    for (const d of hub.deliveries) d.status = 'delivered';
    // The subject has since moved away: the correction still reaches the force that received the wrong data.
    hub.subject('s-1', ['NYP']);
    hub.raise('e-2', 's-1', 2, 'record.corrected', {
      audience: [WYP_POLICE],
      data: {
        conviction: { offenceCode: 'Y' },
        order: { orderRef: 'P' },
        correction: { events: [{ eventId: 'e-1' }] },
      },
    });
    await router.route('e-2');
    const corrections = hub.deliveries.filter((d) => d.eventId === 'e-2');
    expect(RECEIVED_STATUSES).toContain('delivered');
    expect(corrections).toMatchObject([
      {
        subscriptionId: 'sub-wyp',
        agreementIds: ['DSA-WYP'],
        payload: { conviction: { offenceCode: 'Y' }, correction: { events: [{ eventId: 'e-1' }] } },
      },
    ]);
  });
});
