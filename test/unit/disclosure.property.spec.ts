import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { EVENT_TYPES, type EventType } from '../../src/canonical/event-types';
import { PROVENANCE_KINDS, type ProvenanceKind } from '../../src/canonical/provenance';
import { checkSummary } from '../../src/checks/check-summary';
import { lodgementRequest } from '../../src/watchlist/lodgement-request';
import {
  agreementAllowsFlow,
  AGREEMENT_STATUSES,
  FIELD_PATHS,
  type Agreement,
  type FieldPath,
} from '../../src/agreements/agreement';
import {
  decideDelivery,
  decideRecord,
  type RecordView,
  type SubjectFacts,
} from '../../src/agreements/disclosure-decision';

/**
 * The hub's central promise, as a property: whatever the agreements, subject and event, nothing
 * any exit lets out holds a field that no agreement in force names for that recipient (and, for
 * an event, lists its type and carries its provenance), nor a fact whose provenance the covering
 * agreements exclude. Every exit is driven with the same random world: the record views (read,
 * check, timeline, preview and console, HMPO lodgement) and the deliveries (routing, send-time
 * re-check after the agreements were narrowed, replay, correction). The oracle below is written
 * independently of projection.ts and disclosure-decision.ts.
 */

const TODAY = '2026-11-23';
const AGENCIES = ['police.a', 'probation.b', 'dtc.c', 'hmpo'];
const AREAS = ['WYP', 'MPS', 'GMP'];
const RUNS = 2000;

const subset = <T>(items: readonly T[], min = 0) =>
  fc.uniqueArray(fc.constantFrom(...items), { minLength: min, maxLength: items.length });

const agreementArb: fc.Arbitrary<Agreement> = fc
  .record({
    id: fc.uuid(),
    status: fc.constantFrom(...AGREEMENT_STATUSES),
    validFrom: fc.constantFrom('2020-01-01', '2026-11-23', '2099-01-01'),
    validTo: fc.option(fc.constantFrom('2025-12-31', '2026-11-23', '2099-12-31'), { nil: undefined }),
    recipients: subset(AGENCIES, 1),
    purpose: fc.constantFrom('PUBLIC_PROTECTION' as const, 'PASSPORT_CONTROL' as const),
    eventTypes: subset(EVENT_TYPES, 1),
    areas: fc.option(subset(AREAS, 1), { nil: undefined }),
    mappaCategories: fc.option(subset([1, 2, 3, 4], 1), { nil: undefined }),
    watchlistEntry: fc.boolean(),
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

const factsOfSubjectArb: fc.Arbitrary<SubjectFacts> = fc.record({
  areas: subset(AREAS),
  mappaCategory: fc.option(fc.constantFrom(1, 2, 3, 4), { nil: null }),
  hasActiveRegistration: fc.boolean(),
  hasActiveWatchEntry: fc.boolean(),
});

const eventArb = fc.record({
  type: fc.constantFrom(...EVENT_TYPES),
  data: dataArb,
  sequence: fc.nat(100),
  sourceAgency: fc.constantFrom('court.x', 'police.a', 'hub'),
});

/** The same random world drives every exit. */
const world = fc.record({
  agreements: fc.array(agreementArb, { maxLength: 6 }),
  suspendedIndex: fc.option(fc.nat(5), { nil: null }),
  agency: fc.constantFrom(...AGENCIES),
  facts: factsOfSubjectArb,
  record: dataArb,
  events: fc.array(eventArb, { maxLength: 3 }),
  event: eventArb,
  filter: fc.record(
    {
      areas: fc.option(subset(AREAS, 1), { nil: undefined }),
      mappaCategories: fc.option(subset([1, 2, 3, 4], 1), { nil: undefined }),
    },
    { requiredKeys: [] },
  ),
  /** Narrowing between routing and sending: fields each agreement loses, and agreements terminated. */
  narrowing: fc.array(fc.record({ drop: subset(FIELD_PATHS), terminate: fc.boolean() }), {
    minLength: 6,
    maxLength: 6,
  }),
  correctedUnderIndexes: subset([0, 1, 2, 3, 4, 5], 1),
});
type World = typeof world extends fc.Arbitrary<infer W> ? W : never;

// ─── The independent oracle ───────────────────────────────────────────────────────────────

const suspendedIn = (w: World) =>
  new Set(w.suspendedIndex !== null && w.agreements[w.suspendedIndex] ? [w.agreements[w.suspendedIndex].id] : []);

function inForce(a: Agreement, suspended: Set<string>): boolean {
  return a.status === 'active' && !suspended.has(a.id) && a.validFrom <= TODAY && (!a.validTo || a.validTo >= TODAY);
}

function holdsFor(a: Agreement, facts: SubjectFacts): boolean {
  const category = facts.mappaCategory ?? (facts.hasActiveRegistration ? 1 : null);
  const areasOk = !a.conditions.areas || a.conditions.areas.some((x) => facts.areas.includes(x));
  const mappaOk =
    !a.conditions.mappaCategories || (category !== null && a.conditions.mappaCategories.includes(category));
  const watchOk = !a.conditions.watchlistEntry || facts.hasActiveWatchEntry === true;
  return areasOk && mappaOk && watchOk;
}

/** Agreements that may let `agency` see the record (whatever their event types). */
function readEntitled(w: World, suspended = suspendedIn(w)): Agreement[] {
  return w.agreements.filter((a) => inForce(a, suspended) && a.recipients.includes(w.agency) && holdsFor(a, w.facts));
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
const carriesEvent = (a: Agreement, data: unknown) => {
  const kinds = kindsOf(data);
  return kinds.size === 0 || [...kinds].some((k) => !a.excludeProvenance.includes(k));
};

/** Agreements that may carry this event to `agency`'s subscription with this filter. */
/** The areas responsibility.md says an event is also judged in: before and after a change, a transfer's or a release's destination. */
function areasNamedBy(type: EventType, data: unknown): string[] {
  const d = (data ?? {}) as Record<string, any>;
  const strings = (v: unknown): string[] =>
    (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string');
  if (type === 'responsibility.changed')
    return [...strings(d.responsibility?.before), ...strings(d.responsibility?.after)];
  if (type === 'transfer.requested') return strings(d.responsibility?.transfer?.toArea);
  if (type === 'release.scheduled') return strings(d.custody?.release?.releaseArea);
  return [];
}

function eventEntitled(
  w: World,
  type: EventType,
  data: unknown,
  agreements = w.agreements,
  suspended = suspendedIn(w),
): Agreement[] {
  const facts =
    type === 'registration.ended'
      ? { ...w.facts, hasActiveRegistration: true }
      : type === 'watchlist.entry.withdrawn'
        ? { ...w.facts, hasActiveWatchEntry: true }
        : { ...w.facts, areas: [...w.facts.areas, ...areasNamedBy(type, data)] };
  return agreements.filter(
    (a) =>
      inForce(a, suspended) &&
      a.recipients.includes(w.agency) &&
      a.eventTypes.includes(type) &&
      holdsFor(a, facts) &&
      carriesEvent(a, data),
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

const inForceNow = (w: World, agreements = w.agreements, suspended = suspendedIn(w)) =>
  agreements.filter((a) => agreementAllowsFlow(a, TODAY, suspended.has(a.id)));
const viewOf = (w: World, withEvents = false): RecordView => ({
  subjectId: 's-1',
  facts: w.facts,
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
          data: e.data,
          audience: null,
        })),
      }
    : {}),
});
const subscriptionOf = (w: World, type: string) => ({ agencyId: w.agency, eventTypes: [type], filter: {} });
const property = (check: (w: World) => void) => () => fc.assert(fc.property(world, check), { numRuns: RUNS });

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

describe('record views: nothing outside the agreements naming the reader whose conditions hold', () => {
  it(
    'a subject read (GET /v1/subjects) and the console: not found without an agreement, else only allowed fields',
    property((w) => {
      const entitled = readEntitled(w);
      const disclosure = decideRecord(inForceNow(w), w.agency, viewOf(w));
      expect(disclosure === null).toBe(entitled.length === 0);
      if (disclosure) {
        expect(disclosure.agreements.map((a) => a.id).sort()).toEqual(entitled.map((a) => a.id).sort());
        expectWithin(disclosure.record, entitled);
      }
    }),
  );

  it(
    'a check: the summary and the PNC id beside it',
    property((w) => {
      const entitled = readEntitled(w);
      const disclosure = decideRecord(inForceNow(w), w.agency, viewOf(w));
      if (!disclosure) return;
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
    }),
  );

  it(
    'the timeline: each entry (type, source, data) only as its event could be delivered to the reader',
    property((w) => {
      const entitled = readEntitled(w);
      const disclosure = decideRecord(inForceNow(w), w.agency, viewOf(w, true));
      if (!disclosure) return;
      for (const entry of disclosure.timeline) {
        const event = w.events[Number(entry.eventId.slice(2))];
        const under = entitled.filter((a) => a.eventTypes.includes(event.type) && carriesEvent(a, event.data));
        expect(under.length).toBeGreaterThan(0);
        expectWithin(entry.data, under);
      }
      // Every event some entitled agreement would carry is shown: the projection is not merely empty.
      const shown = new Set(disclosure.timeline.map((e) => e.eventId));
      w.events.forEach((e, i) =>
        expect(shown.has(`e-${i}`)).toBe(
          entitled.some((a) => a.eventTypes.includes(e.type) && carriesEvent(a, e.data)),
        ),
      );
    }),
  );

  it(
    'a preview of one agreement (API and console): exactly what that agreement alone allows each recipient',
    property((w) => {
      for (const agreement of w.agreements) {
        const entitled = readEntitled(w).filter((a) => a.id === agreement.id);
        const disclosure = decideRecord(inForceNow(w), w.agency, viewOf(w), { agreementId: agreement.id });
        expect(disclosure === null).toBe(entitled.length === 0);
        if (disclosure) expectWithin(disclosure.record, entitled);
      }
    }),
  );

  it(
    "the HMPO lodgement: names, date of birth and passport number only as HMPO's PASSPORT_CONTROL agreements allow",
    property((w) => {
      const entitled = readEntitled({ ...w, agency: 'hmpo' }).filter((a) => a.purpose === 'PASSPORT_CONTROL');
      const disclosure = decideRecord(inForceNow(w), 'hmpo', viewOf(w), { purpose: 'PASSPORT_CONTROL' });
      expect(disclosure === null).toBe(entitled.length === 0);
      if (!disclosure) return;
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
    }),
  );
});

// ─── Deliveries ───────────────────────────────────────────────────────────────────────────

describe('deliveries: nothing outside the agreements naming the recipient, listing the type and carrying the event', () => {
  it(
    'routing (webhook and feed): delivered iff some agreement entitles it, payload within them',
    property((w) => {
      const type = w.event.type;
      const entitled = eventEntitled(w, type, w.event.data);
      const decision = decideDelivery(inForceNow(w), {
        event: { type, data: w.event.data, audience: null },
        facts: w.facts,
        subscription: subscriptionOf(w, type),
      });
      expect(decision.allowed).toBe(entitled.length > 0);
      if (decision.allowed) {
        expect(decision.agreements.map((a) => a.id).sort()).toEqual(entitled.map((a) => a.id).sort());
        expectWithin(decision.payload, entitled);
      }
    }),
  );

  it(
    "a webhook retry or feed read after agreements were narrowed or terminated: only today's narrowed fields, only under agreements routed under",
    property((w) => {
      const type = w.event.type;
      const routed = decideDelivery(inForceNow(w), {
        event: { type, data: w.event.data, audience: null },
        facts: w.facts,
        subscription: subscriptionOf(w, type),
      });
      if (!routed.allowed) return;
      const narrowed: Agreement[] = w.agreements.map((a, i) => {
        const n = w.narrowing[i];
        const fields = a.fields.filter((f) => !n.drop.includes(f));
        return {
          ...a,
          fields: fields.length ? fields : a.fields.slice(0, 1),
          ...(n.terminate ? { status: 'terminated' as const } : {}),
        };
      });
      const routedUnder = routed.agreements.map((a) => a.id);
      const entitled = eventEntitled(w, type, w.event.data, narrowed).filter((a) => routedUnder.includes(a.id));
      const atSend = decideDelivery(inForceNow(w, narrowed), {
        event: { type, data: w.event.data, audience: null },
        facts: w.facts,
        subscription: subscriptionOf(w, type),
        routedUnder,
      });
      expect(atSend.allowed).toBe(entitled.length > 0);
      if (atSend.allowed) expectWithin(atSend.payload, entitled);
    }),
  );

  it(
    "an operator replay under today's agreements, through the subscription's filter",
    property((w) => {
      const type = w.event.type;
      const category = w.facts.mappaCategory ?? (w.facts.hasActiveRegistration ? 1 : null);
      const filterTakes =
        (!w.filter.areas || w.filter.areas.some((x) => w.facts.areas.includes(x))) &&
        (!w.filter.mappaCategories || (category !== null && w.filter.mappaCategories.includes(category)));
      const entitled = filterTakes ? eventEntitled(w, type, w.event.data) : [];
      const decision = decideDelivery(inForceNow(w), {
        event: { type, data: w.event.data, audience: null },
        facts: w.facts,
        subscription: { agencyId: w.agency, eventTypes: [type], filter: w.filter },
      });
      expect(decision.allowed).toBe(entitled.length > 0);
      if (decision.allowed) expectWithin(decision.payload, entitled);
    }),
  );

  it(
    'a correction: only to its audience, under the in-force agreements of what it corrects',
    property((w) => {
      const under = w.correctedUnderIndexes.map((i) => w.agreements[i]).filter((a): a is Agreement => a !== undefined);
      const suspended = suspendedIn(w);
      const entitled = under.filter((a) => inForce(a, suspended));
      const data = { subject: w.record.subject ?? {}, correction: { events: [{ eventId: 'e-0' }] } };
      const audience = w.agency === 'police.a' ? ['police.a'] : ['someone.else'];
      const decision = decideDelivery(inForceNow(w), {
        event: { type: 'record.corrected', data, audience },
        facts: w.facts,
        subscription: subscriptionOf(w, 'record.corrected'),
        correctionUnder: under.map((a) => a.id),
      });
      expect(decision.allowed).toBe(audience.includes(w.agency) && entitled.length > 0);
      if (decision.allowed) {
        const { correction, ...rest } = decision.payload!;
        expect(correction).toEqual(data.correction); // the hub's own reference, always kept
        expectWithin(rest, entitled);
      }
    }),
  );

  it(
    'withholds nothing an entitled agreement allows (the payload is the union, not less)',
    property((w) => {
      const type = w.event.type;
      const entitled = eventEntitled(w, type, w.event.data);
      const decision = decideDelivery(inForceNow(w), {
        event: { type, data: w.event.data, audience: null },
        facts: w.facts,
        subscription: subscriptionOf(w, type),
      });
      const sent = new Set(decision.payload ? leaves(decision.payload).map((l) => `${l.path}|${l.kind}`) : []);
      for (const leaf of leaves(w.event.data)) {
        if (entitled.some((a) => allowsLeaf(a, leaf))) expect(sent.has(`${leaf.path}|${leaf.kind}`)).toBe(true);
      }
    }),
  );
});
