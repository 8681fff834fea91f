import fc from 'fast-check';
import { EVENT_TYPES, type EventType } from '../canonical/event-types';
import { PROVENANCE_KINDS, type ProvenanceKind } from '../canonical/provenance';
import { AGREEMENT_STATUSES, FIELD_PATHS, type Agreement, type FieldPath } from './agreement';
import type { AgreementRegistry } from './agreement-registry';
import type { AgreementSuspensions } from './agreement-suspensions';
import { DisclosurePolicy, type SubjectFacts } from './disclosure-policy';

/**
 * The hub's central promise, as a property: whatever the agreements, subject and event, a
 * payload the policy lets out holds only fields that some agreement in force names for that
 * recipient, event and subject, and never a fact whose provenance that agreement excludes.
 * Every exit (webhook, feed, read, check, replay) builds its payload through this policy.
 * The oracle below is written independently of projection.ts.
 */

const TODAY = '2026-11-23';
const AGENCIES = ['police.a', 'probation.b', 'dtc.c', 'court.d'];
const AREAS = ['WYP', 'MPS', 'GMP'];

const subset = <T>(items: readonly T[], min = 0) => fc.uniqueArray(fc.constantFrom(...items), { minLength: min, maxLength: items.length });

const agreementArb: fc.Arbitrary<Agreement> = fc.record({
  id: fc.uuid(),
  status: fc.constantFrom(...AGREEMENT_STATUSES),
  validFrom: fc.constantFrom('2020-01-01', '2026-11-23', '2099-01-01'),
  validTo: fc.option(fc.constantFrom('2025-12-31', '2026-11-23', '2099-12-31'), { nil: undefined }),
  recipients: subset(AGENCIES, 1),
  eventTypes: subset(EVENT_TYPES, 1),
  areas: fc.option(subset(AREAS, 1), { nil: undefined }),
  mappaCategories: fc.option(subset([1, 2, 3, 4], 1), { nil: undefined }),
  fields: subset(FIELD_PATHS, 1),
  excludeProvenance: subset(PROVENANCE_KINDS),
}).map((r) => ({
  id: r.id,
  title: r.id,
  status: r.status,
  validFrom: r.validFrom,
  ...(r.validTo && r.validTo >= r.validFrom ? { validTo: r.validTo } : {}),
  recipients: r.recipients,
  purpose: 'PUBLIC_PROTECTION' as const,
  lawfulBasis: 'test',
  eventTypes: r.eventTypes as EventType[],
  conditions: { ...(r.areas ? { areas: r.areas } : {}), ...(r.mappaCategories ? { mappaCategories: r.mappaCategories } : {}) },
  fields: r.fields as FieldPath[],
  excludeProvenance: r.excludeProvenance as ProvenanceKind[],
  classification: 'OFFICIAL-SENSITIVE',
  file: `${r.id}.yaml`,
}));

/** A fact as the record holds it: a value with the channel it came through. */
const factArb = fc.record({ value: fc.string({ maxLength: 8 }), provenance: fc.record({ kind: fc.constantFrom(...PROVENANCE_KINDS) }) });
const factsArb = fc.array(factArb, { maxLength: 3 });

/** Event data in canonical layout, with every top-level section the field paths can name. */
const dataArb = fc.record(
  {
    subject: fc.record({ names: factsArb, dateOfBirth: fc.string(), identifiers: factsArb, address: factArb, contact: factArb }, { requiredKeys: [] }),
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
    deadline: factArb,
    alert: fc.record({ riskTo: factArb, contact: factArb, internalNote: fc.string() }, { requiredKeys: [] }),
    victim: factArb, // never in any field list: must never leave
  },
  { requiredKeys: [] },
);

const factsOfSubjectArb: fc.Arbitrary<SubjectFacts> = fc.record({
  areas: subset(AREAS),
  mappaCategory: fc.option(fc.constantFrom(1, 2, 3, 4), { nil: null }),
  hasActiveRegistration: fc.boolean(),
});

function policyOver(agreements: Agreement[], suspended: Set<string>): DisclosurePolicy {
  const registry = { all: () => agreements, find: (id: string) => agreements.find((a) => a.id === id) } as unknown as AgreementRegistry;
  const suspensions = { isSuspended: (id: string) => suspended.has(id), find: () => undefined, refresh: async () => undefined } as unknown as AgreementSuspensions;
  return new DisclosurePolicy(registry, suspensions);
}

/** Independent oracle: may this agreement let this recipient have this event about this subject? */
function entitles(a: Agreement, agency: string, eventType: EventType | null, facts: SubjectFacts, suspended: Set<string>): boolean {
  const inForce = a.status === 'active' && !suspended.has(a.id) && a.validFrom <= TODAY && (!a.validTo || a.validTo >= TODAY);
  const category = facts.mappaCategory ?? (facts.hasActiveRegistration ? 1 : null);
  const areasOk = !a.conditions.areas || a.conditions.areas.some((x) => facts.areas.includes(x));
  const mappaOk = !a.conditions.mappaCategories || (category !== null && a.conditions.mappaCategories.includes(category));
  return inForce && a.recipients.includes(agency) && (eventType === null || a.eventTypes.includes(eventType)) && areasOk && mappaOk;
}

/** Every leaf in the payload, with its key path (array indices dropped) and the provenance of the fact holding it. */
function leaves(value: unknown, path: string[] = [], kind: ProvenanceKind | null = null): { path: string; kind: ProvenanceKind | null }[] {
  if (value === null || typeof value !== 'object') return [{ path: path.join('.'), kind }];
  if (Array.isArray(value)) return value.flatMap((v) => leaves(v, path, kind));
  const own = (value as { provenance?: { kind?: ProvenanceKind } }).provenance?.kind ?? kind;
  const entries = Object.entries(value);
  if (entries.length === 0) return [{ path: path.join('.'), kind: own }];
  return entries.flatMap(([k, v]) => leaves(v, [...path, k], own));
}

const allowsLeaf = (a: Agreement, leaf: { path: string; kind: ProvenanceKind | null }) =>
  a.fields.some((f) => leaf.path === f || leaf.path.startsWith(`${f}.`)) && (leaf.kind === null || !a.excludeProvenance.includes(leaf.kind));

describe('no payload ever holds a field outside what an agreement in force allows that recipient', () => {
  const world = fc.record({
    agreements: fc.array(agreementArb, { maxLength: 6 }),
    suspendedIndex: fc.option(fc.nat(5), { nil: null }),
    agency: fc.constantFrom(...AGENCIES),
    eventType: fc.option(fc.constantFrom(...EVENT_TYPES), { nil: null }), // null: a read or a check
    facts: factsOfSubjectArb,
    data: dataArb,
  });

  it('holds for events (webhook, feed, replay) and reads (subject API, checks)', () => {
    fc.assert(
      fc.property(world, ({ agreements, suspendedIndex, agency, eventType, facts, data }) => {
        const suspended = new Set(suspendedIndex !== null && agreements[suspendedIndex] ? [agreements[suspendedIndex].id] : []);
        const policy = policyOver(agreements, suspended);
        const entitled = agreements.filter((a) => entitles(a, agency, eventType, facts, suspended));

        const applicable = policy.applicableAgreements(agency, facts, eventType, TODAY);
        expect(applicable.map((a) => a.id).sort()).toEqual(entitled.map((a) => a.id).sort());

        if (eventType === null) return;
        const disclosure = policy.discloseEvent(agency, facts, eventType, data, TODAY);
        if (entitled.length === 0) {
          expect(disclosure).toBeNull();
          return;
        }
        for (const leaf of leaves(disclosure!.payload)) {
          if (leaf.path === '') continue; // an empty payload
          expect(entitled.some((a) => allowsLeaf(a, leaf))).toBe(true);
          expect(leaf.path.startsWith('victim')).toBe(false);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('withholds nothing an entitled agreement allows (the payload is the union, not less)', () => {
    fc.assert(
      fc.property(world, ({ agreements, agency, eventType, facts, data }) => {
        if (eventType === null) return;
        const entitled = agreements.filter((a) => entitles(a, agency, eventType, facts, new Set()));
        const disclosure = policyOver(agreements, new Set()).discloseEvent(agency, facts, eventType, data, TODAY);
        const sent = new Set(disclosure ? leaves(disclosure.payload).map((l) => `${l.path}|${l.kind}`) : []);
        for (const leaf of leaves(data)) {
          if (entitled.some((a) => allowsLeaf(a, leaf))) expect(sent.has(`${leaf.path}|${leaf.kind}`)).toBe(true);
        }
      }),
      { numRuns: 1000 },
    );
  });
});
