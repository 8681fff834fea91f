import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { todayInLondon } from '../../src/canonical/civil-date';
import { EVENT_TYPES, type EventType } from '../../src/canonical/event-types';
import { PROVENANCE_KINDS, type Provenance, type ProvenanceKind } from '../../src/canonical/provenance';
import { emptySubjectRecord, RESPONSIBILITY_KINDS, type SubjectRecord } from '../../src/canonical/subject-record';
import { checkSummary, nominalSummary, nominalView } from '../../src/checks/check-summary';
import { SendTimeProjection, type LeavingDelivery } from '../../src/delivery/send-time-projection';
import type { DeliveryRepository } from '../../src/delivery/delivery.repository';
import { currentAreas } from '../../src/responsibility/responsibility-facts';
import { subjectFacts } from '../../src/subjects/subject-facts';
import { toReadModel } from '../../src/subjects/subject-read-model';
import type { StoredSubject, SubjectRepository } from '../../src/subjects/subject.repository';
import { lodgementRequest } from '../../src/watchlist/lodgement-request';
import {
  agreementAllowsFlow,
  AGREEMENT_STATUSES,
  FIELD_PATHS,
  type Agreement,
  type FieldPath,
} from '../../src/agreements/agreement';
import type { AgreementRegistry } from '../../src/agreements/agreement-registry';
import type { AgreementSuspensions } from '../../src/agreements/agreement-suspensions';
import {
  decideDelivery,
  decideRecord,
  type RecordView,
  type SubscriptionFilter,
} from '../../src/agreements/disclosure-decision';
import { DisclosurePolicy } from '../../src/agreements/disclosure-policy';
import { InMemoryRoutingHub } from '../kit/in-memory-routing';

/**
 * The hub's central promise, as a property: whatever the agreements, subject and event, nothing
 * any exit lets out holds a field that no agreement in force names for that recipient (and, for
 * an event, lists its type and carries its provenance), nor a fact whose provenance the covering
 * agreements exclude; and nothing about a subject reaches an agency under an area-conditioned
 * agreement at a moment none of its areas was responsible for the subject (responsibility.md).
 *
 * Every exit is driven with the same random world: agreements, a subject whose responsibility
 * facts open and close over a few steps, and events. The record views (subject read, check,
 * timeline, preview and console, HMPO lodgement) and the deliveries (routing, send-time and
 * feed-read re-check after the agreements were narrowed, operator replay, correction) each
 * happen at their own step, on the subject as it stood then, through the code the exit runs:
 * the stored record's areas as saving computes them (`currentAreas`), `subjectFacts`, the
 * decision functions, and the exit's own shaping (`toReadModel`, `checkSummary`,
 * `lodgementRequest`, `SendTimeProjection` over in-memory repositories). The oracle below is
 * written independently of projection.ts, disclosure-decision.ts and src/responsibility: it
 * reads responsibility from the generated periods, never from the record or the event.
 */

const TODAY = todayInLondon();
const AGENCIES = ['police.a', 'probation.b', 'dtc.c', 'hmpo'];
const AREAS = ['WYP', 'MPS', 'GMP'];
/** Moments in the subject's life; each exit happens at one of them. */
const STEPS = 6;
const RUNS = 2000;

/**
 * Event types drawn often, by events and agreements alike, so agreements list the events that
 * happen: those whose areas responsibility.md widens, those judged as the subject stood, and one plain one.
 */
const FOCUS_EVENTS = [
  'responsibility.changed',
  'transfer.requested',
  'release.scheduled',
  'registration.ended',
  'watchlist.entry.withdrawn',
  'conviction.recorded',
] as const satisfies readonly EventType[];

const subset = <T>(items: readonly T[], min = 0) =>
  fc.uniqueArray(fc.constantFrom(...items), { minLength: min, maxLength: items.length });

const agreementArb: fc.Arbitrary<Agreement> = fc
  .record({
    id: fc.uuid(),
    // Weighted so most worlds hold agreements that let something out: a vacuous run proves nothing.
    status: fc.oneof({ arbitrary: fc.constant('active' as const), weight: 3 }, fc.constantFrom(...AGREEMENT_STATUSES)),
    validFrom: fc.constantFrom('2020-01-01', '2020-01-01', TODAY, '2099-01-01'),
    validTo: fc.option(fc.constantFrom('2025-12-31', TODAY, '2099-12-31'), { nil: undefined }),
    recipients: subset(AGENCIES, 1),
    purpose: fc.constantFrom('PUBLIC_PROTECTION' as const, 'PASSPORT_CONTROL' as const),
    eventTypes: fc
      .tuple(subset(FOCUS_EVENTS, 1), subset(EVENT_TYPES))
      .map(([focus, any]) => [...new Set([...focus, ...any])]),
    // Area conditions are the common case here, so responsibility periods are tested hard.
    areas: fc.option(subset(AREAS, 1), { nil: undefined, freq: 3 }),
    mappaCategories: fc.option(subset([1, 2, 3, 4], 1), { nil: undefined, freq: 1 }),
    watchlistEntry: fc.constantFrom(false, false, false, true),
    fields: subset(FIELD_PATHS, 1),
    excludeProvenance: subset(PROVENANCE_KINDS),
  })
  .map((r) => ({
    id: r.id,
    title: r.id,
    status: r.status,
    validFrom: r.validFrom,
    ...(r.validTo && r.validTo >= r.validFrom ? { validTo: r.validTo } : {}),
    recipients: r.recipients,
    purpose: r.purpose,
    lawfulBasis: 'test',
    eventTypes: r.eventTypes as EventType[],
    conditions: {
      ...(r.areas ? { areas: r.areas } : {}),
      ...(r.mappaCategories ? { mappaCategories: r.mappaCategories } : {}),
      ...(r.watchlistEntry ? { watchlistEntry: true } : {}),
    },
    fields: r.fields as FieldPath[],
    excludeProvenance: r.excludeProvenance as ProvenanceKind[],
    classification: 'OFFICIAL-SENSITIVE',
    file: `${r.id}.yaml`,
  }));

const provenanceArb = fc.record({ kind: fc.constantFrom(...PROVENANCE_KINDS) });
/** A fact as the record holds it: a value with the channel it came through. */
const factArb = fc.record({ value: fc.string({ maxLength: 8 }), provenance: provenanceArb });
const factsArb = fc.array(factArb, { maxLength: 2 });
const nameArb = fc.record({
  forenames: fc.string({ maxLength: 6 }),
  surname: fc.string({ maxLength: 6 }),
  type: fc.constantFrom('PRIMARY', 'ALIAS'),
  provenance: provenanceArb,
});
const identifierArb = fc.record({
  scheme: fc.constantFrom('PNC', 'PASSPORT', 'CRO'),
  value: fc.string({ minLength: 1, maxLength: 8 }),
  provenance: provenanceArb,
});

/** Data in canonical layout (a record view, or an event's data), with every section the field paths can name. */
const dataArb = fc.record(
  {
    subject: fc.record(
      {
        names: fc.array(nameArb, { maxLength: 3 }),
        dateOfBirth: fc.string(),
        identifiers: fc.array(identifierArb, { maxLength: 3 }),
        address: factArb,
        contact: factArb,
      },
      { requiredKeys: [] },
    ),
    conviction: factsArb,
    caution: factsArb,
    registration: factsArb,
    order: factsArb,
    risk: fc.record({ roshOverall: fc.constantFrom('LOW', 'HIGH'), assessments: factsArb }, { requiredKeys: [] }),
    mappa: factArb,
    licence: factsArb,
    offenderManager: factArb,
    custody: factArb,
    responsibility: fc.record({ current: factsArb, history: factsArb }, { requiredKeys: [] }),
    supervision: factArb,
    watchlist: factArb,
    notification: factsArb,
    deadline: fc.record({
      kind: fc.constantFrom('FOREIGN_TRAVEL', 'ORDER_EXPIRY'),
      dueOn: fc.string(),
      ref: fc.string(),
      provenance: provenanceArb,
    }),
    alert: fc.record({ riskTo: factArb, contact: factArb, internalNote: fc.string() }, { requiredKeys: [] }),
    victim: factArb, // never in any field list: must never leave
  },
  { requiredKeys: [] },
);

const eventArb = fc.record({
  type: fc.oneof(fc.constantFrom(...EVENT_TYPES), fc.constantFrom(...FOCUS_EVENTS)) as fc.Arbitrary<EventType>,
  data: dataArb,
  sequence: fc.nat(100),
  sourceAgency: fc.constantFrom('court.x', 'police.a', 'hub'),
});

/** One responsibility fact's period: open at step `from`, closed at `from + lasts` (open for good when absent). */
const periodArb = fc.record({
  kind: fc.constantFrom(...RESPONSIBILITY_KINDS),
  area: fc.constantFrom(...AREAS),
  from: fc.nat(STEPS - 1),
  lasts: fc.option(fc.integer({ min: 1, max: STEPS }), { nil: undefined }),
});
type Period = typeof periodArb extends fc.Arbitrary<infer P> ? P : never;

const stepArb = fc.nat(STEPS - 1);

/** The same random world drives every exit. */
const world = fc.record({
  agreements: fc.array(agreementArb, { maxLength: 6 }),
  suspendedIndex: fc.option(fc.nat(5), { nil: null }),
  agency: fc.constantFrom(...AGENCIES),
  /** Who was responsible for the subject when: the periods of its responsibility facts. */
  periods: fc.array(periodArb, { maxLength: 5 }),
  mappaCategory: fc.option(fc.constantFrom(1, 2, 3, 4), { nil: null }),
  hasActiveRegistration: fc.boolean(),
  hasActiveWatchEntry: fc.boolean(),
  record: dataArb,
  /** A nominal only the PNC holds, as a check's upstream answers it. */
  nominal: fc.record({
    pncId: fc.string({ minLength: 1, maxLength: 8 }),
    names: fc.array(
      fc.record({
        forenames: fc.string({ maxLength: 6 }),
        surname: fc.string({ maxLength: 6 }),
        type: fc.constantFrom('PRIMARY' as const, 'ALIAS' as const),
      }),
      { maxLength: 2 },
    ),
    dateOfBirth: fc.string({ minLength: 1, maxLength: 10 }),
    warningSignals: fc.option(fc.array(fc.record({ code: fc.string(), description: fc.string() }), { maxLength: 2 }), {
      nil: undefined,
    }),
  }),
  purpose: fc.constantFrom('PUBLIC_PROTECTION' as const, 'PASSPORT_CONTROL' as const),
  events: fc.array(eventArb, { maxLength: 3 }),
  event: eventArb,
  /** Where a transfer or a release is to. */
  destination: fc.constantFrom(...AREAS),
  /** When each exit happens: the event is raised (and routed) at `raised`; the others happen `later` steps after. */
  at: fc.record({ read: stepArb, raised: stepArb, later: stepArb }),
  /** How the agency subscribed. */
  mode: fc.constantFrom('webhook' as const, 'feed' as const),
  filter: fc.record(
    {
      areas: fc.option(subset(AREAS, 1), { nil: undefined, freq: 1 }),
      mappaCategories: fc.option(subset([1, 2, 3, 4], 1), { nil: undefined, freq: 1 }),
    },
    { requiredKeys: [] },
  ),
  /** Narrowing between routing and sending: fields each agreement loses, and agreements terminated. */
  narrowing: fc.array(fc.record({ drop: subset(FIELD_PATHS), terminate: fc.boolean() }), {
    minLength: 6,
    maxLength: 6,
  }),
});
type World = typeof world extends fc.Arbitrary<infer W> ? W : never;
type WorldEvent = World['event'];
/** An event as the hub stored it, as the exits read it. */
interface HeldEvent {
  type: EventType;
  data: Record<string, unknown>;
}

/** The step of a send, feed read, replay or correction: after the event was raised, never past the last step. */
const afterRaised = (w: World) => Math.min(STEPS - 1, w.at.raised + w.at.later);

// ─── The subject as the hub stores it at a step (the code under test) ─────────────────────

const STATED_BY: Provenance = { kind: 'PROBATION', agency: 'probation.b', messageId: 'm-1', receivedAt: TODAY };
const dayOf = (step: number) => `2026-01-${String(10 + step).padStart(2, '0')}`;

/**
 * The stored subject at `step`: its responsibility facts as stated so far (a period that has
 * ended by then carries its `to`), its areas as saving computes them, and the record parts
 * subjectFacts reads for the other conditions.
 */
function subjectAt(w: World, step: number): StoredSubject {
  const record: SubjectRecord = {
    ...emptySubjectRecord(),
    responsibility: w.periods
      .filter((p) => p.from <= step)
      .map((p) => ({
        kind: p.kind,
        area: p.area,
        from: dayOf(p.from),
        ...(p.lasts !== undefined && p.from + p.lasts <= step ? { to: dayOf(p.from + p.lasts) } : {}),
        provenance: STATED_BY,
      })),
    ...(w.mappaCategory !== null ? { mappa: [{ category: w.mappaCategory }] as SubjectRecord['mappa'] } : {}),
    registrations: (w.hasActiveRegistration ? [{ endDate: null }] : []) as SubjectRecord['registrations'],
    orders: (w.hasActiveWatchEntry
      ? [{ orderRef: 'o-1', status: 'ACTIVE', endDate: null, passportSurrender: true, prohibitions: [] }]
      : []) as unknown as SubjectRecord['orders'],
  };
  return { id: 's-1', record, areas: currentAreas(record), mergedInto: null, createdAt: TODAY, updatedAt: TODAY };
}

/** The event as stored: a responsibility change names the areas before and after it; a transfer or release its destination. */
function storedEvent(w: World, e: WorldEvent): HeldEvent {
  const stored = subjectAt(w, w.at.raised).areas;
  const before = w.at.raised === 0 ? [] : subjectAt(w, w.at.raised - 1).areas;
  if (e.type === 'responsibility.changed')
    return { ...e, data: { ...e.data, responsibility: { before, after: stored, reason: 'TEST' } } };
  if (e.type === 'transfer.requested')
    return { ...e, data: { ...e.data, responsibility: { transfer: { toArea: w.destination } } } };
  if (e.type === 'release.scheduled')
    return { ...e, data: { ...e.data, custody: { release: { releaseArea: w.destination } } } };
  return { type: e.type, data: e.data };
}

// ─── The independent oracle ───────────────────────────────────────────────────────────────

/** The areas responsible for the subject at `step`, read from the generated periods alone. */
function responsibleAt(w: World, step: number): string[] {
  const open = (p: Period) => p.from <= step && (p.lasts === undefined || step < p.from + p.lasts);
  return AREAS.filter((area) => w.periods.some((p) => p.area === area && open(p)));
}

/**
 * The areas a delivery of `e` at `step` may be judged in (responsibility.md): those responsible
 * then; for a change of responsibility also those just before and after the step it was raised
 * at (the losing and the gaining); for a transfer or a release its destination.
 */
function areasForEvent(w: World, type: EventType, step: number): string[] {
  const raised = w.at.raised;
  const extra =
    type === 'responsibility.changed'
      ? [...(raised === 0 ? [] : responsibleAt(w, raised - 1)), ...responsibleAt(w, raised)]
      : type === 'transfer.requested' || type === 'release.scheduled'
        ? [w.destination]
        : [];
  return [...new Set([...responsibleAt(w, step), ...extra])];
}

const suspendedIn = (w: World) =>
  new Set(w.suspendedIndex !== null && w.agreements[w.suspendedIndex] ? [w.agreements[w.suspendedIndex].id] : []);

function inForce(a: Agreement, suspended: Set<string>): boolean {
  return a.status === 'active' && !suspended.has(a.id) && a.validFrom <= TODAY && (!a.validTo || a.validTo >= TODAY);
}

interface OracleFacts {
  areas: string[];
  category: number | null;
  watched: boolean;
}
const oracleFacts = (w: World, areas: string[]): OracleFacts => ({
  areas,
  category: w.mappaCategory ?? (w.hasActiveRegistration ? 1 : null),
  watched: w.hasActiveWatchEntry,
});

function holdsFor(a: Agreement, f: OracleFacts): boolean {
  const areasOk = !a.conditions.areas || a.conditions.areas.some((x) => f.areas.includes(x));
  const mappaOk =
    !a.conditions.mappaCategories || (f.category !== null && a.conditions.mappaCategories.includes(f.category));
  const watchOk = !a.conditions.watchlistEntry || f.watched;
  return areasOk && mappaOk && watchOk;
}

/** Agreements that may let `agency` see the record at `step` (whatever their event types). */
function readEntitled(w: World, step: number, agency = w.agency): Agreement[] {
  const facts = oracleFacts(w, responsibleAt(w, step));
  return w.agreements.filter((a) => inForce(a, suspendedIn(w)) && a.recipients.includes(agency) && holdsFor(a, facts));
}

/** Every leaf, with its key path (array indices dropped) and the provenance of the fact holding it. */
function leaves(
  value: unknown,
  path: string[] = [],
  kind: ProvenanceKind | null = null,
): { path: string; kind: ProvenanceKind | null }[] {
  if (value === null || typeof value !== 'object') return [{ path: path.join('.'), kind }];
  if (Array.isArray(value)) return value.flatMap((v) => leaves(v, path, kind));
  const own = (value as { provenance?: { kind?: ProvenanceKind } }).provenance?.kind ?? kind;
  const entries = Object.entries(value);
  if (entries.length === 0) return [{ path: path.join('.'), kind: own }];
  return entries.flatMap(([k, v]) => leaves(v, [...path, k], own));
}

/** An event's facts' channels, for the "carries its provenance" rule. */
const kindsOf = (data: unknown) =>
  new Set(
    leaves(data)
      .map((l) => l.kind)
      .filter((k): k is ProvenanceKind => k !== null),
  );
/** The subject summary every event carries is context: the event is news of the rest, unless that has no facts. */
const newsKindsOf = (data: unknown) => {
  const { subject: _context, ...news } = (data ?? {}) as Record<string, unknown>;
  const kinds = kindsOf(news);
  return kinds.size ? kinds : kindsOf(data);
};
const carriesEvent = (a: Agreement, data: unknown) => {
  const kinds = newsKindsOf(data);
  return kinds.size === 0 || [...kinds].some((k) => !a.excludeProvenance.includes(k));
};

/** Whether the subscription's own filter takes the subject at `step`. */
function filterTakes(w: World, filter: SubscriptionFilter, step: number): boolean {
  const f = oracleFacts(w, responsibleAt(w, step));
  return (
    (!filter.areas?.length || filter.areas.some((x) => f.areas.includes(x))) &&
    (!filter.mappaCategories?.length || (f.category !== null && filter.mappaCategories.includes(f.category)))
  );
}

/** Agreements that may carry event `e` to `w.agency` at `step` (its subscription's filter aside). */
function eventEntitled(w: World, e: HeldEvent, step: number, agreements = w.agreements): Agreement[] {
  const base = oracleFacts(w, areasForEvent(w, e.type, step));
  const facts =
    e.type === 'registration.ended'
      ? { ...base, category: w.mappaCategory ?? 1 }
      : e.type === 'watchlist.entry.withdrawn'
        ? { ...base, watched: true }
        : base;
  return agreements.filter(
    (a) =>
      inForce(a, suspendedIn(w)) &&
      a.recipients.includes(w.agency) &&
      a.eventTypes.includes(e.type) &&
      holdsFor(a, facts) &&
      carriesEvent(a, e.data),
  );
}

const allowsLeaf = (a: Agreement, leaf: { path: string; kind: ProvenanceKind | null }) =>
  a.fields.some((f) => leaf.path === f || leaf.path.startsWith(`${f}.`)) &&
  (leaf.kind === null || !a.excludeProvenance.includes(leaf.kind));

/** Nothing in `out` that none of `entitled` allows; no victim data; the hub's references aside. */
function expectWithin(out: unknown, entitled: Agreement[]) {
  for (const leaf of leaves(out)) {
    if (leaf.path === '') continue; // an empty payload
    expect(leaf.path.startsWith('victim')).toBe(false);
    expect(entitled.some((a) => allowsLeaf(a, leaf))).toBe(true);
  }
}

/**
 * Issue 16's promise, said on its own: every area-conditioned agreement relied on has one of
 * its areas among those `allowed` (responsible at the moment data left, or named by the event).
 */
function expectResponsible(reliedOn: Agreement[], allowed: string[]) {
  for (const a of reliedOn)
    if (a.conditions.areas) expect(a.conditions.areas.some((area) => allowed.includes(area))).toBe(true);
}

const ids = (agreements: Agreement[]) => agreements.map((a) => a.id).sort();

// ─── Driving the exits ────────────────────────────────────────────────────────────────────

const inForceNow = (w: World, agreements = w.agreements, suspended = suspendedIn(w)) =>
  agreements.filter((a) => agreementAllowsFlow(a, TODAY, suspended.has(a.id)));

/**
 * A record exit's view at `step`: the facts subjectFacts derives from the stored subject then,
 * and the random canonical record (every section a field path can name).
 */
const viewAt = (w: World, step: number, withEvents = false): RecordView => ({
  subjectId: 's-1',
  facts: subjectFacts(subjectAt(w, step), TODAY),
  record: w.record,
  ...(withEvents
    ? {
        events: w.events.map((e, i) => ({
          eventId: `e-${i}`,
          type: e.type,
          sequence: e.sequence,
          at: TODAY,
          sourceAgency: e.sourceAgency,
          sourceMessageId: null,
          data: storedEvent(w, e).data,
          audience: null,
        })),
      }
    : {}),
});

/** Routing, as EventRouter asks: the stored event, the subject's facts when it is routed, the subscription. */
const routedAt = (w: World, e: HeldEvent, step = w.at.raised) =>
  decideDelivery(inForceNow(w), {
    event: { type: e.type, data: e.data, audience: null },
    facts: subjectFacts(subjectAt(w, step), TODAY),
    subscription: { agencyId: w.agency, eventTypes: [e.type], filter: w.filter },
  });

/**
 * Routing through the real EventRouter over in-memory tables: the subject as stored when the
 * event is raised, one subscription of the agency, the event; what it created for that event.
 */
async function routedByRouter(w: World, e: HeldEvent) {
  const hub = new InMemoryRoutingHub(w.agreements, suspendedIn(w));
  hub.subject('s-1', [], subjectAt(w, w.at.raised));
  hub.subscribe('sub-1', w.agency, [e.type], {
    filter: w.filter,
    mode: w.mode,
    url: w.mode === 'webhook' ? 'https://x.example/hook' : null,
  });
  hub.raise('e-1', 's-1', 1, e.type, { data: e.data });
  const router = hub.router();
  await router.route('e-1');
  expect(hub.deliveries.filter((d) => d.eventId === 'e-1').length).toBeLessThanOrEqual(1);
  return { hub, router, delivery: hub.deliveries.find((d) => d.eventId === 'e-1') ?? null };
}
const reliedOn = (w: World, agreementIds: string[]) => w.agreements.filter((a) => agreementIds.includes(a.id));

/** The real SendTimeProjection (webhook attempts and feed reads) over a policy of these agreements and the subject at `step`. */
function sendTimeProjection(w: World, agreements: Agreement[], step: number) {
  const registry = {
    all: () => agreements,
    find: (id: string) => agreements.find((a) => a.id === id),
  } as unknown as AgreementRegistry;
  const suspended = suspendedIn(w);
  const suspensions = {
    refresh: async () => undefined,
    isSuspended: (id: string) => suspended.has(id),
  } as unknown as AgreementSuspensions;
  const subject = subjectAt(w, step);
  const subjects = {
    findByIds: async (wanted: string[]) => new Map(wanted.includes(subject.id) ? [[subject.id, subject]] : []),
  } as unknown as SubjectRepository;
  const reprojected: { id: string; agreementIds: string[]; payload: Record<string, unknown> }[] = [];
  const deliveries = {
    reproject: async (_m: unknown, changed: typeof reprojected) => void reprojected.push(...changed),
  } as unknown as DeliveryRepository;
  return {
    projection: new SendTimeProjection(new DisclosurePolicy(registry, suspensions), subjects, deliveries),
    reprojected,
  };
}

/**
 * Runs a check over RUNS worlds. Each check answers whether the exit let something out under an
 * area-conditioned agreement; at least 1 % of the worlds must, or the run proved nothing about
 * responsibility periods (a generator that drifts into refusing everything fails here).
 */
const MIN_AREA_DISCLOSURES = RUNS / 100;
const areaConditioned = (agreements: Agreement[]) => agreements.some((a) => a.conditions.areas);
const property = (check: (w: World) => boolean) => () => {
  let disclosed = 0;
  fc.assert(
    fc.property(world, (w) => void (check(w) && disclosed++)),
    { numRuns: RUNS },
  );
  expect(disclosed).toBeGreaterThanOrEqual(MIN_AREA_DISCLOSURES);
};
const asyncProperty = (check: (w: World) => Promise<boolean>) => async () => {
  let disclosed = 0;
  await fc.assert(
    fc.asyncProperty(world, async (w) => void ((await check(w)) && disclosed++)),
    { numRuns: RUNS },
  );
  expect(disclosed).toBeGreaterThanOrEqual(MIN_AREA_DISCLOSURES);
};

/** Read-model names back to canonical paths (subject-read-model's toReadModel, inverted). */
function canonicalOf(readModel: Record<string, unknown>): Record<string, unknown> {
  const back: Record<string, string> = {
    convictions: 'conviction',
    cautions: 'caution',
    registrations: 'registration',
    orders: 'order',
    notifications: 'notification',
  };
  const subject: Record<string, unknown> = {};
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(readModel)) {
    if (k === 'subjectId') continue;
    if (['names', 'dateOfBirth', 'identifiers', 'address', 'contact'].includes(k)) subject[k] = v;
    else out[back[k] ?? k] = v;
  }
  return Object.keys(subject).length ? { subject, ...out } : out;
}

// ─── Record views ─────────────────────────────────────────────────────────────────────────

describe('record views: nothing outside the agreements naming the reader whose conditions hold when it reads', () => {
  it(
    'a subject read (GET /v1/subjects) and the console: not found without an agreement, else only allowed fields',
    property((w) => {
      const entitled = readEntitled(w, w.at.read);
      const disclosure = decideRecord(inForceNow(w), w.agency, viewAt(w, w.at.read));
      expect(disclosure === null).toBe(entitled.length === 0);
      if (!disclosure) return false;
      expect(ids(disclosure.agreements)).toEqual(ids(entitled));
      expectResponsible(disclosure.agreements, responsibleAt(w, w.at.read));
      expectWithin(canonicalOf(toReadModel('s-1', disclosure.record)), entitled);
      return areaConditioned(disclosure.agreements);
    }),
  );

  it(
    'a check: the summary and the PNC id beside it',
    property((w) => {
      const entitled = readEntitled(w, w.at.read);
      const disclosure = decideRecord(inForceNow(w), w.agency, viewAt(w, w.at.read));
      if (!disclosure) return false;
      expectResponsible(disclosure.agreements, responsibleAt(w, w.at.read));
      const { summary, pncId } = checkSummary('s-1', disclosure.record);
      expectWithin(canonicalOf(summary), entitled);
      if (pncId) {
        const pncKinds = (w.record.subject?.identifiers ?? [])
          .filter((i) => i.scheme === 'PNC' && i.value === pncId)
          .map((i) => i.provenance.kind);
        expect(
          entitled.some((a) => pncKinds.some((kind) => allowsLeaf(a, { path: 'subject.identifiers.value', kind }))),
        ).toBe(true);
      }
      return areaConditioned(disclosure.agreements);
    }),
  );

  it(
    "a check's PNC-only nominal: no hub facts to judge conditions on, so only the fields of the reader's agreements for the purpose",
    property((w) => {
      const entitled = w.agreements.filter(
        (a) => inForce(a, suspendedIn(w)) && a.recipients.includes(w.agency) && a.purpose === w.purpose,
      );
      const unheld: RecordView = {
        subjectId: '',
        facts: { areas: [], mappaCategory: null, hasActiveRegistration: false },
        record: nominalView(w.nominal),
      };
      const disclosure = decideRecord(inForceNow(w), w.agency, unheld, { purpose: w.purpose, unheld: true });
      expect(disclosure === null).toBe(entitled.length === 0);
      if (!disclosure) return false;
      const { summary } = nominalSummary(disclosure.record);
      // The upstream's layout back to field paths: its PNC id is an identifier, warning signals are risk.
      const { pncId, names, dateOfBirth, warningSignals } = summary as Record<string, unknown>;
      const subject = {
        ...(pncId !== undefined ? { identifiers: { value: pncId } } : {}),
        ...(names !== undefined ? { names } : {}),
        ...(dateOfBirth !== undefined ? { dateOfBirth } : {}),
      };
      expectWithin(
        {
          ...(Object.keys(subject).length ? { subject } : {}),
          ...(warningSignals !== undefined ? { risk: { warningSignals } } : {}),
        },
        entitled,
      );
      expect(Object.keys(summary).every((k) => ['pncId', 'names', 'dateOfBirth', 'warningSignals'].includes(k))).toBe(
        true,
      );
      // Not vacuous: the nominal's name shows whenever an agreement for the purpose lets names go.
      if (w.nominal.names.length && entitled.some((a) => a.fields.includes('subject.names')))
        expect(names).toBeDefined();
      return areaConditioned(disclosure.agreements);
    }),
  );

  it(
    'the timeline: each entry (type, source, data) only as its event could be delivered to the reader',
    property((w) => {
      const entitled = readEntitled(w, w.at.read);
      const disclosure = decideRecord(inForceNow(w), w.agency, viewAt(w, w.at.read, true));
      if (!disclosure) return false;
      expectResponsible(disclosure.agreements, responsibleAt(w, w.at.read));
      for (const entry of disclosure.timeline) {
        const event = storedEvent(w, w.events[Number(entry.eventId.slice(2))]);
        const under = entitled.filter((a) => a.eventTypes.includes(event.type) && carriesEvent(a, event.data));
        expect(under.length).toBeGreaterThan(0);
        expectWithin(entry.data, under);
      }
      // Every event some entitled agreement would carry is shown: the projection is not merely empty.
      const shown = new Set(disclosure.timeline.map((e) => e.eventId));
      w.events.forEach((e, i) => {
        const stored = storedEvent(w, e);
        expect(shown.has(`e-${i}`)).toBe(
          entitled.some((a) => a.eventTypes.includes(stored.type) && carriesEvent(a, stored.data)),
        );
      });
      return disclosure.timeline.length > 0 && areaConditioned(disclosure.agreements);
    }),
  );

  it(
    'a preview of one agreement (API and console): exactly what that agreement alone allows each recipient',
    property((w) => {
      let shown = false;
      for (const agreement of w.agreements) {
        const entitled = readEntitled(w, w.at.read).filter((a) => a.id === agreement.id);
        const disclosure = decideRecord(inForceNow(w), w.agency, viewAt(w, w.at.read), { agreementId: agreement.id });
        expect(disclosure === null).toBe(entitled.length === 0);
        if (!disclosure) continue;
        expectResponsible(disclosure.agreements, responsibleAt(w, w.at.read));
        expectWithin(canonicalOf(toReadModel('s-1', disclosure.record)), entitled);
        shown ||= areaConditioned(disclosure.agreements);
      }
      return shown;
    }),
  );

  it(
    "the HMPO lodgement: names, aliases, date of birth and passport number only as HMPO's PASSPORT_CONTROL agreements allow",
    property((w) => {
      const entitled = readEntitled(w, w.at.read, 'hmpo').filter((a) => a.purpose === 'PASSPORT_CONTROL');
      const disclosure = decideRecord(inForceNow(w), 'hmpo', viewAt(w, w.at.read), { purpose: 'PASSPORT_CONTROL' });
      expect(disclosure === null).toBe(entitled.length === 0);
      if (!disclosure) return false;
      expectResponsible(disclosure.agreements, responsibleAt(w, w.at.read));
      const request = lodgementRequest(
        { lodgeRequestId: 'r', reason: null, orderRef: 'o', validUntil: null },
        disclosure.record,
        'police.a',
      );
      const names = w.record.subject?.names ?? [];
      if (request.surname || request.forenames) {
        const kinds = names
          .filter((n) => n.surname === request.surname && n.forenames === request.forenames)
          .map((n) => n.provenance.kind);
        expect(entitled.some((a) => kinds.some((kind) => allowsLeaf(a, { path: 'subject.names.surname', kind })))).toBe(
          true,
        );
      }
      for (const alias of request.aliases ?? []) {
        const kinds = names
          .filter((n) => n.surname === alias.surname && n.forenames === alias.forenames)
          .map((n) => n.provenance.kind);
        expect(entitled.some((a) => kinds.some((kind) => allowsLeaf(a, { path: 'subject.names.surname', kind })))).toBe(
          true,
        );
      }
      if (request.dateOfBirth)
        expect(entitled.some((a) => allowsLeaf(a, { path: 'subject.dateOfBirth', kind: null }))).toBe(true);
      if (request.passportNumber !== undefined) {
        const kinds = (w.record.subject?.identifiers ?? [])
          .filter((i) => i.scheme === 'PASSPORT' && i.value === request.passportNumber)
          .map((i) => i.provenance.kind);
        expect(
          entitled.some((a) => kinds.some((kind) => allowsLeaf(a, { path: 'subject.identifiers.value', kind }))),
        ).toBe(true);
      }
      return areaConditioned(disclosure.agreements);
    }),
  );
});

// ─── Deliveries ───────────────────────────────────────────────────────────────────────────

describe('deliveries: nothing outside the agreements naming the recipient, listing the type and carrying the event, when it leaves', () => {
  it(
    'routing (EventRouter, webhook and feed): delivered iff some agreement entitles it when the event is raised, payload within them',
    asyncProperty(async (w) => {
      const e = storedEvent(w, w.event);
      const entitled = filterTakes(w, w.filter, w.at.raised) ? eventEntitled(w, e, w.at.raised) : [];
      const { delivery } = await routedByRouter(w, e);
      expect(delivery !== null).toBe(entitled.length > 0);
      if (!delivery) return false;
      expect(delivery.feed).toBe(w.mode === 'feed');
      expect([...delivery.agreementIds].sort()).toEqual(ids(entitled));
      expectResponsible(reliedOn(w, delivery.agreementIds), areasForEvent(w, e.type, w.at.raised));
      expectWithin(delivery.payload, entitled);
      return areaConditioned(reliedOn(w, delivery.agreementIds));
    }),
  );

  it(
    "a webhook attempt or feed read later, after agreements were narrowed or terminated and responsibility moved: only today's narrowed fields, only under agreements routed under",
    asyncProperty(async (w) => {
      const e = storedEvent(w, w.event);
      const { delivery: routed } = await routedByRouter(w, e);
      if (!routed) return false;
      const narrowed: Agreement[] = w.agreements.map((a, i) => {
        const n = w.narrowing[i];
        const fields = a.fields.filter((f) => !n.drop.includes(f));
        return {
          ...a,
          fields: fields.length ? fields : a.fields.slice(0, 1),
          ...(n.terminate ? { status: 'terminated' as const } : {}),
        };
      });
      const sentAt = afterRaised(w);
      const routedUnder = [...routed.agreementIds].sort();
      const entitled = filterTakes(w, w.filter, sentAt)
        ? eventEntitled(w, e, sentAt, narrowed).filter((a) => routedUnder.includes(a.id))
        : [];
      const leaving: LeavingDelivery = {
        id: 'd-1',
        agencyId: w.agency,
        subjectId: 's-1',
        eventType: e.type,
        eventData: e.data,
        audience: null,
        agreementIds: routedUnder,
        payload: routed.payload,
        subscriptionEventTypes: [e.type],
        subscriptionFilter: w.filter,
      };
      const { projection, reprojected } = sendTimeProjection(w, narrowed, sentAt);
      const [now] = await projection.project([leaving]);
      expect(now.allowed).toBe(entitled.length > 0);
      if (!now.allowed) return false;
      expect([...now.agreementIds].sort()).toEqual(ids(entitled));
      expectResponsible(
        narrowed.filter((a) => now.agreementIds.includes(a.id)),
        areasForEvent(w, e.type, sentAt),
      );
      expectWithin(now.payload, entitled);
      // What leaves is what the row now says left (the feed and the ledger show the same).
      for (const r of reprojected) expect(r.payload).toEqual(now.payload);
      return areaConditioned(narrowed.filter((a) => now.agreementIds.includes(a.id)));
    }),
  );

  it(
    "an operator replay later, under today's agreements and responsibility, through the subscription's filter",
    property((w) => {
      const e = storedEvent(w, w.event);
      const replayedAt = afterRaised(w);
      const entitled = filterTakes(w, w.filter, replayedAt) ? eventEntitled(w, e, replayedAt) : [];
      const decision = routedAt(w, e, replayedAt);
      expect(decision.allowed).toBe(entitled.length > 0);
      if (!decision.allowed) return false;
      expect(ids(decision.agreements)).toEqual(ids(entitled));
      expectResponsible(decision.agreements, areasForEvent(w, e.type, replayedAt));
      expectWithin(decision.payload, entitled);
      return areaConditioned(decision.agreements);
    }),
  );

  it(
    'a correction later (EventRouter): only to an agency that received what it corrects (so while it was responsible), under those agreements still in force',
    asyncProperty(async (w) => {
      const original = storedEvent(w, w.event);
      const { hub, router, delivery } = await routedByRouter(w, original);
      if (delivery) delivery.status = 'delivered';
      // Responsibility may have moved by the time the correction is raised.
      hub.subject('s-1', [], subjectAt(w, afterRaised(w)));
      // Addressed to those who received the original: here the reader did, or someone else did.
      const audience = delivery ? [w.agency] : ['someone.else'];
      const data = { subject: w.record.subject ?? {}, correction: { events: [{ eventId: 'e-1' }] } };
      hub.raise('e-2', 's-1', 2, 'record.corrected', { data, audience });
      await router.route('e-2');
      const sent = hub.deliveries.filter((d) => d.eventId === 'e-2');
      const entitled = delivery ? reliedOn(w, delivery.agreementIds).filter((a) => inForce(a, suspendedIn(w))) : [];
      expect(sent.length).toBe(entitled.length > 0 ? 1 : 0);
      if (!sent.length) return false;
      expect([...sent[0].agreementIds].sort()).toEqual(ids(entitled));
      // Its agreements held when the corrected data left: the agency was responsible then.
      expectResponsible(entitled, areasForEvent(w, original.type, w.at.raised));
      const { correction, ...rest } = sent[0].payload;
      expect(correction).toEqual(data.correction); // the hub's own reference, always kept
      expectWithin(rest, entitled);
      return areaConditioned(entitled);
    }),
  );

  it(
    'withholds nothing an entitled agreement allows (the payload is the union, not less)',
    property((w) => {
      const e = storedEvent(w, w.event);
      const entitled = filterTakes(w, w.filter, w.at.raised) ? eventEntitled(w, e, w.at.raised) : [];
      const decision = routedAt(w, e);
      const sent = new Set(decision.payload ? leaves(decision.payload).map((l) => `${l.path}|${l.kind}`) : []);
      for (const leaf of leaves(e.data)) {
        if (entitled.some((a) => allowsLeaf(a, leaf))) expect(sent.has(`${leaf.path}|${leaf.kind}`)).toBe(true);
      }
      return areaConditioned(entitled);
    }),
  );
});
