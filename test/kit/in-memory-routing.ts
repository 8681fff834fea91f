import type { DataSource, EntityManager } from 'typeorm';
import type { HubEnvironment } from '../../config/environment';
import type { Agreement } from '../../src/agreements/agreement';
import type { AgreementRegistry } from '../../src/agreements/agreement-registry';
import type { AgreementSuspensions } from '../../src/agreements/agreement-suspensions';
import { DisclosurePolicy } from '../../src/agreements/disclosure-policy';
import type { EventType } from '../../src/canonical/event-types';
import { emptySubjectRecord } from '../../src/canonical/subject-record';
import type { DeliveryRepository, NewDelivery } from '../../src/delivery/delivery.repository';
import type { QueueFactory } from '../../src/queues/queue-factory';
import { EventRouter } from '../../src/routing/event-router';
import type { StoredEvent, SubjectEventsRepository } from '../../src/subjects/subject-events.repository';
import type { StoredSubject, SubjectRepository } from '../../src/subjects/subject.repository';
import type { Subscription } from '../../src/subscriptions/subscription';
import type { SubscriptionRepository } from '../../src/subscriptions/subscription.repository';

/**
 * The tables EventRouter reads and writes, in memory, with the real disclosure policy over the
 * agreements given: for unit specs of routing (no Postgres). The router issues three statements
 * itself (the subjects' advisory lock, marking the outbox routed, and correctionsOwed's read of
 * past deliveries): the manager below answers exactly those and refuses any other, so the
 * statements moving into repositories will shrink it.
 */
export interface StoredDelivery extends NewDelivery {
  id: string;
  status: string;
  feed: boolean;
}

export class InMemoryRoutingHub {
  events: StoredEvent[] = [];
  routed = new Set<string>();
  subjects = new Map<string, StoredSubject>();
  subscriptions: Subscription[] = [];
  deliveries: StoredDelivery[] = [];
  enqueued: { queue: string; deliveryId: string; jobId: string }[] = [];

  constructor(
    private readonly agreements: Agreement[],
    private readonly suspended: ReadonlySet<string> = new Set(),
  ) {}

  /** A subject in these areas, or exactly this stored subject. */
  subject(id: string, areas: string[], stored?: StoredSubject): void {
    this.subjects.set(
      id,
      stored ?? { id, record: emptySubjectRecord(), areas, mergedInto: null, createdAt: '', updatedAt: '' },
    );
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
      areas: null,
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
      all: () => this.agreements,
      find: (id: string) => this.agreements.find((a) => a.id === id),
    } as unknown as AgreementRegistry;
    const suspensions = {
      refresh: async () => undefined,
      isSuspended: (id: string) => this.suspended.has(id),
    } as unknown as AgreementSuspensions;
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
