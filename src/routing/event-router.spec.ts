import { describe, expect, it } from '@jest/globals';
import type { DataSource, EntityManager } from 'typeorm';
import type { HubEnvironment } from '../../config/environment';
import type { Agreement } from '../agreements/agreement';
import type { AgreementRegistry } from '../agreements/agreement-registry';
import type { AgreementSuspensions } from '../agreements/agreement-suspensions';
import { DisclosurePolicy } from '../agreements/disclosure-policy';
import type { EventType } from '../canonical/event-types';
import { emptySubjectRecord } from '../canonical/subject-record';
import { RECEIVED_STATUSES, type DeliveryRepository, type NewDelivery } from '../delivery/delivery.repository';
import { deliveryQueueName, type QueueFactory } from '../queues/queue-factory';
import type { StoredEvent, SubjectEventsRepository } from '../subjects/subject-events.repository';
import type { StoredSubject, SubjectRepository } from '../subjects/subject.repository';
import type { Subscription } from '../subscriptions/subscription';
import type { SubscriptionRepository } from '../subscriptions/subscription.repository';
import { EventRouter } from './event-router';

/**
 * EventRouter over in-memory doubles of its repositories and the real disclosure policy: which
 * subscriptions an event routes to, in what order, projected how, and that routing twice is
 * routing once. The router issues three statements itself (the subjects' advisory lock, marking
 * the outbox routed, and correctionsOwed's read of past deliveries): the in-memory manager below
 * answers exactly those, so the transports work moving them into repositories will shrink it.
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

interface StoredDelivery extends NewDelivery {
  id: string;
  status: string;
  feed: boolean;
}

/** The hub's tables as the router sees them, in memory. */
class InMemoryHub {
  events: StoredEvent[] = [];
  routed = new Set<string>();
  subjects = new Map<string, StoredSubject>();
  subscriptions: Subscription[] = [];
  deliveries: StoredDelivery[] = [];
  enqueued: { queue: string; deliveryId: string; jobId: string }[] = [];

  subject(id: string, areas: string[]): void {
    this.subjects.set(id, { id, record: emptySubjectRecord(), areas, mergedInto: null, createdAt: '', updatedAt: '' });
  }

  subscribe(id: string, agencyId: string, eventTypes: EventType[], over: Partial<Subscription> = {}): void {
    this.subscriptions.push({
      id,
      agencyId,
      eventTypes,
      filter: {},
      mode: 'webhook',
      url: 'https://x.example/hook',
      status: 'active',
      createdAt: '',
      ...over,
    });
  }

  raise(id: string, subjectId: string, sequence: number, type: EventType, over: Partial<StoredEvent> = {}): void {
    this.events.push({
      id,
      subjectId,
      type,
      sequence,
      data: { conviction: { offenceCode: 'X' }, order: { orderRef: 'O' }, victim: { name: 'never' } },
      sourceAgency: 'court.leeds',
      inboundMessageId: null,
      audience: null,
      createdAt: '',
      ...over,
    });
  }

  private readonly manager = {
    query: async (sql: string, params: unknown[]) => {
      if (sql.includes('pg_advisory_xact_lock')) return [{ count: 1 }];
      if (sql.startsWith('UPDATE outbox')) {
        for (const id of params[0] as string[]) this.routed.add(id);
        return [];
      }
      if (sql.includes('FROM deliveries d CROSS JOIN unnest(d.agreement_ids)')) {
        const [eventIds, agencies, statuses] = params as [string[], string[], string[]];
        const bySubscription = new Map<string, Set<string>>();
        for (const d of this.deliveries)
          if (eventIds.includes(d.eventId) && agencies.includes(d.agencyId) && statuses.includes(d.status))
            for (const a of d.agreementIds)
              bySubscription.set(d.subscriptionId, (bySubscription.get(d.subscriptionId) ?? new Set()).add(a));
        return [...bySubscription].map(([subscription_id, a]) => ({ subscription_id, agreement_ids: [...a].sort() }));
      }
      throw new Error(`the in-memory hub does not answer: ${sql}`);
    },
  } as unknown as EntityManager;

  router(): EventRouter {
    const dataSource = {
      transaction: async <T>(work: (m: EntityManager) => Promise<T>) => work(this.manager),
    } as unknown as DataSource;
    const events = {
      findByIds: async (ids: string[]) => this.events.filter((e) => ids.includes(e.id)),
      unroutedUpTo: async (_m: EntityManager, upTo: Map<string, number>) =>
        this.events
          .filter((e) => !this.routed.has(e.id) && e.sequence <= (upTo.get(e.subjectId) ?? -1))
          .sort((a, b) => a.subjectId.localeCompare(b.subjectId) || a.sequence - b.sequence),
    } as unknown as SubjectEventsRepository;
    const subjects = {
      findByIds: async (ids: string[]) =>
        new Map(ids.filter((id) => this.subjects.has(id)).map((id) => [id, this.subjects.get(id)!])),
    } as unknown as SubjectRepository;
    const subscriptions = {
      activeFor: async (types: string[], _m: EntityManager, alsoIds: string[] = []) =>
        this.subscriptions.filter(
          (s) => s.status === 'active' && (s.eventTypes.some((t) => types.includes(t)) || alsoIds.includes(s.id)),
        ),
    } as unknown as SubscriptionRepository;
    const insert = (feed: boolean) => async (_m: EntityManager, rows: NewDelivery[]) => {
      for (const r of rows) {
        // One delivery per (event, subscription), as the table's unique index keeps it.
        if (this.deliveries.some((d) => d.eventId === r.eventId && d.subscriptionId === r.subscriptionId)) continue;
        this.deliveries.push({
          ...r,
          id: `d-${this.deliveries.length + 1}`,
          status: feed ? 'available' : 'pending',
          feed,
        });
      }
    };
    const deliveries = {
      createMany: insert(false),
      createFeedEntries: insert(true),
      openForEvents: async (_m: EntityManager, ids: string[]) =>
        this.deliveries
          .filter((d) => ids.includes(d.eventId) && ['pending', 'failed'].includes(d.status))
          .map((d) => ({ id: d.id, agencyId: d.agencyId })),
    } as unknown as DeliveryRepository;
    const registry = {
      all: () => AGREEMENTS,
      find: (id: string) => AGREEMENTS.find((a) => a.id === id),
    } as unknown as AgreementRegistry;
    const suspensions = { refresh: async () => undefined, isSuspended: () => false } as unknown as AgreementSuspensions;
    const queues = {
      queue: (name: string) => ({
        add: async (_job: string, data: { deliveryId: string }, opts: { jobId: string }) =>
          void this.enqueued.push({ queue: name, deliveryId: data.deliveryId, jobId: opts.jobId }),
      }),
    } as unknown as QueueFactory;
    return new EventRouter(
      dataSource,
      events,
      subjects,
      subscriptions,
      deliveries,
      new DisclosurePolicy(registry, suspensions),
      queues,
      {} as HubEnvironment,
    );
  }

  to(agencyId: string): StoredDelivery[] {
    return this.deliveries.filter((d) => d.agencyId === agencyId);
  }
}

describe('EventRouter', () => {
  it('routes an event to the agencies an agreement entitles for the subject’s current areas, projected to their fields', async () => {
    const hub = new InMemoryHub();
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
    const hub = new InMemoryHub();
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
    const hub = new InMemoryHub();
    hub.subject('s-1', ['WYP']);
    hub.subscribe('sub-feed', WYP_POLICE, ['conviction.recorded'], { mode: 'feed', url: null });
    hub.raise('e-1', 's-1', 1, 'conviction.recorded');
    await hub.router().route('e-1');
    expect(hub.deliveries).toMatchObject([{ subscriptionId: 'sub-feed', feed: true, status: 'available' }]);
    expect(hub.enqueued).toEqual([]);
  });

  it('is idempotent: routing again creates nothing new, and re-enqueues the open delivery under the same job id', async () => {
    const hub = new InMemoryHub();
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
    const hub = new InMemoryHub();
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
    const hub = new InMemoryHub();
    hub.subscribe('sub-wyp', WYP_POLICE, ['conviction.recorded']);
    hub.raise('e-1', 's-gone', 1, 'conviction.recorded');
    await hub.router().route('e-1');
    expect(hub.deliveries).toEqual([]);
    expect(hub.routed.has('e-1')).toBe(false);
  });

  it('sends a correction to every subscription of its audience that received what it corrects, under the agreements that carried it, even unsubscribed to record.corrected', async () => {
    const hub = new InMemoryHub();
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
