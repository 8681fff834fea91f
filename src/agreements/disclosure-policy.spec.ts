import { describe, expect, it } from '@jest/globals';
import type { EventType } from '../canonical/event-types';
import { agreementAllowsFlow, type Agreement } from './agreement';
import type { AgreementRegistry } from './agreement-registry';
import type { AgreementSuspensions } from './agreement-suspensions';
import { decideDelivery, decideRecord } from './disclosure-decision';
import { conditionsHold, DisclosurePolicy, type SubjectFacts } from './disclosure-policy';

// agreements.md: "An event goes to a subscriber only if at least one active agreement names
// that agency as a recipient, lists the event type, and its conditions hold for the subject."
// Conditions: "all must hold"; "a subject with no MAPPA category fails this condition".
// domain.md: "Registered sex offenders with active notification requirements are MAPPA
// category 1 by law: the hub records category 1 from the start of the requirements, until told
// otherwise."

const TODAY = '2026-11-23';
const POLICE = 'police.west-yorkshire';
const PROBATION = 'probation.yorkshire';

const dsa = (id: string, over: Partial<Agreement> = {}): Agreement => ({
  id,
  title: id,
  status: 'active',
  validFrom: '2026-04-01',
  reviewBy: '2027-03-31',
  validTo: '2028-03-31',
  recipients: [POLICE, PROBATION],
  purpose: 'MAPPA_RISK_MANAGEMENT',
  lawfulBasis: 'test',
  eventTypes: ['conviction.recorded', 'order.made'],
  conditions: { areas: ['WYP'], mappaCategories: [1, 2, 3, 4] },
  fields: ['subject.names', 'conviction'],
  excludeProvenance: [],
  classification: 'OFFICIAL-SENSITIVE',
  file: `${id}.yaml`,
  ...over,
});

function realPolicyOver(agreements: Agreement[], suspended: string[] = []): DisclosurePolicy {
  const registry = {
    all: () => agreements,
    find: (id: string) => agreements.find((a) => a.id === id),
  } as unknown as AgreementRegistry;
  const suspensions = {
    isSuspended: (id: string) => suspended.includes(id),
    refresh: async () => undefined,
  } as unknown as AgreementSuspensions;
  return new DisclosurePolicy(registry, suspensions);
}

/**
 * The policy's questions, asked of the pure decision functions it delegates to: a read
 * (eventType null) through decideRecord, an event through decideDelivery.
 */
function policyOver(agreements: Agreement[], suspended: string[] = []) {
  const policy = realPolicyOver(agreements, suspended);
  const inForce = (today: string) => agreements.filter((a) => agreementAllowsFlow(a, today, suspended.includes(a.id)));
  const subscription = (agencyId: string, eventType: string) => ({ agencyId, eventTypes: [eventType], filter: {} });
  const discloseEvent = (
    agencyId: string,
    facts: SubjectFacts,
    eventType: EventType,
    data: Record<string, unknown>,
    today: string,
  ) => {
    const d = decideDelivery(inForce(today), {
      event: { type: eventType, data, audience: null },
      facts,
      subscription: subscription(agencyId, eventType),
    });
    return d.allowed ? { agreements: d.agreements, payload: d.payload! } : null;
  };
  return {
    couldEverReceive: policy.couldEverReceive.bind(policy),
    ackWithinMs: policy.ackWithinMs.bind(policy),
    classificationOf: policy.classificationOf.bind(policy),
    alertingAgreements: policy.alertingAgreements.bind(policy),
    applicableAgreements: (agencyId: string, facts: SubjectFacts, eventType: EventType | null, today: string) =>
      eventType === null
        ? (decideRecord(inForce(today), agencyId, { subjectId: 's', facts, record: {} })?.agreements ?? [])
        : (discloseEvent(agencyId, facts, eventType, {}, today)?.agreements ?? []),
    discloseEvent,
    /** A delivery routed under `agreementIds`, sent (or read) on `today`. */
    stillInForce: (agreementIds: string[], today: string) =>
      decideDelivery(inForce(today), {
        event: { type: 'conviction.recorded', data: {}, audience: null },
        facts: wyp,
        subscription: subscription(POLICE, 'conviction.recorded'),
        routedUnder: agreementIds,
      }).allowed,
    discloseCorrection: (agreementIds: string[], data: Record<string, unknown>, today: string) => {
      const d = decideDelivery(inForce(today), {
        event: { type: 'record.corrected', data, audience: [POLICE] },
        facts: wyp,
        subscription: subscription(POLICE, 'record.corrected'),
        correctionUnder: agreementIds,
      });
      return d.allowed ? { agreements: d.agreements, payload: d.payload! } : null;
    },
  };
}

/** A West Yorkshire subject in MAPPA category 2. */
const wyp: SubjectFacts = { areas: ['WYP'], mappaCategory: 2, hasActiveRegistration: false };
const ids = (agreements: Agreement[]) => agreements.map((a) => a.id);

describe('applicableAgreements: recipient and event type', () => {
  const policy = policyOver([dsa('DSA-1')]);

  it('applies to a named recipient for a listed event type', () => {
    expect(ids(policy.applicableAgreements(POLICE, wyp, 'conviction.recorded', TODAY))).toEqual(['DSA-1']);
  });

  it('does not apply to an agency the agreement does not name', () => {
    expect(policy.applicableAgreements('police.merseyside', wyp, 'conviction.recorded', TODAY)).toEqual([]);
  });

  it('does not apply to an event type the agreement does not list', () => {
    expect(policy.applicableAgreements(POLICE, wyp, 'risk.level.changed', TODAY)).toEqual([]);
  });

  it('for a read (no event type) applies whatever the event types', () => {
    expect(ids(policy.applicableAgreements(POLICE, wyp, null, TODAY))).toEqual(['DSA-1']);
  });

  it('returns every agreement that allows it', () => {
    const two = policyOver([
      dsa('DSA-1'),
      dsa('DSA-2', { recipients: [POLICE] }),
      dsa('DSA-3', { recipients: [PROBATION] }),
    ]);
    expect(ids(two.applicableAgreements(POLICE, wyp, 'order.made', TODAY))).toEqual(['DSA-1', 'DSA-2']);
  });
});

describe('applicableAgreements: the agreement must be in force', () => {
  it.each([
    ['before validFrom', '2026-03-31', []],
    ['on validFrom', '2026-04-01', ['DSA-1']],
    ['overdue for review', '2027-12-01', ['DSA-1']],
    ['on validTo', '2028-03-31', ['DSA-1']],
    ['after validTo', '2028-04-01', []],
  ])('%s (%s)', (_name, today, expected) => {
    expect(ids(policyOver([dsa('DSA-1')]).applicableAgreements(POLICE, wyp, 'conviction.recorded', today))).toEqual(
      expected,
    );
  });

  it('not when an operator has suspended it', () => {
    expect(
      policyOver([dsa('DSA-1')], ['DSA-1']).applicableAgreements(POLICE, wyp, 'conviction.recorded', TODAY),
    ).toEqual([]);
  });

  it.each(['draft', 'suspended', 'terminated'] as const)('not when its status is %s', (status) => {
    expect(
      policyOver([dsa('DSA-1', { status })]).applicableAgreements(POLICE, wyp, 'conviction.recorded', TODAY),
    ).toEqual([]);
  });
});

describe('conditionsHold: areas', () => {
  const a = dsa('DSA-1', { conditions: { areas: ['WYP', 'NYP'] } });

  it('holds when one of the subject areas is listed', () => {
    expect(conditionsHold(a, { ...wyp, areas: ['MPS', 'NYP'] })).toBe(true);
  });

  it('fails when none is', () => {
    expect(conditionsHold(a, { ...wyp, areas: ['MPS'] })).toBe(false);
  });

  it('fails for a subject with no known area', () => {
    expect(conditionsHold(a, { ...wyp, areas: [] })).toBe(false);
  });
});

describe('decideDelivery: an agreement excluding a channel does not carry news from it on the strength of the names', () => {
  const court = { kind: 'COURT', agency: 'court.leeds-crown' };
  const names = { names: [{ forenames: 'John', surname: 'Smith', provenance: court }] };
  const notified = {
    subject: names,
    notification: { kind: 'FOREIGN_TRAVEL', provenance: { kind: 'NOTIFICATION', agency: 'police.west-yorkshire' } },
  };
  const agreements = [
    dsa('DSA-NO-NOTIFIED', {
      eventTypes: ['notification.received', 'conviction.recorded'],
      fields: ['subject.names', 'notification', 'conviction'],
      excludeProvenance: ['NOTIFICATION'],
    }),
  ];
  const request = (type: string, data: Record<string, unknown>) => ({
    event: { type, data, audience: null, areas: ['WYP'] },
    facts: wyp,
    subscription: { agencyId: POLICE, eventTypes: [type], filter: {} },
  });

  it('a notification sent with court-stated names is not delivered at all: its arrival alone would tell', () => {
    expect(decideDelivery(agreements, request('notification.received', notified)).allowed).toBe(false);
  });

  it('the same agreement still carries court news with the same names', () => {
    const convicted = { subject: names, conviction: { offence: 'x', provenance: court } };
    expect(decideDelivery(agreements, request('conviction.recorded', convicted)).allowed).toBe(true);
  });

  it('an event that is news of the subject alone is judged on the subject', () => {
    const d = decideDelivery(
      [dsa('DSA-SUBJECT', { eventTypes: ['conviction.recorded'], excludeProvenance: ['NOTIFICATION'] })],
      request('conviction.recorded', { subject: names }),
    );
    expect(d.allowed).toBe(true);
  });
});

describe('decideDelivery: areas as they were when the event was raised (responsibility.md)', () => {
  const agreements = [
    dsa('DSA-WYP'),
    dsa('DSA-NYP', { recipients: ['police.north-yorkshire'], conditions: { areas: ['NYP'] } }),
  ];
  const movedToNyp: SubjectFacts = { ...wyp, areas: ['NYP'] };
  const request = (agencyId: string, areas: string[] | null) => ({
    event: { type: 'order.made', data: {}, audience: null, areas },
    facts: movedToNyp,
    subscription: { agencyId, eventTypes: ['order.made'], filter: {} },
  });

  it('an event raised while West Yorkshire was responsible goes to it, not to the force responsible now', () => {
    expect(decideDelivery(agreements, request(POLICE, ['WYP'])).allowed).toBe(true);
    expect(decideDelivery(agreements, request('police.north-yorkshire', ['WYP'])).allowed).toBe(false);
  });

  it('an event older than the record of areas is judged on today’s', () => {
    expect(decideDelivery(agreements, request(POLICE, null)).allowed).toBe(false);
    expect(decideDelivery(agreements, request('police.north-yorkshire', null)).allowed).toBe(true);
  });
});

describe("decideDelivery: the hub's own events (a subscription's test)", () => {
  const data = { test: { subscriptionId: 'sub-1', requestedAt: '2026-11-23T10:00:00.000Z' } };
  const request = (agencyId: string, audience: string[] | null) => ({
    event: { type: 'hub.subscription.test', data, audience },
    facts: null,
    subscription: { agencyId, eventTypes: ['conviction.recorded'], filter: {} },
  });

  it('goes, as it is and under no agreement, to the agency it is addressed to, though no agreement lists it', () => {
    expect(decideDelivery([dsa('DSA-1')], request(POLICE, [POLICE]))).toEqual({
      allowed: true,
      agreements: [],
      payload: data,
      reason: null,
    });
  });

  it('goes to no one else, and never without an addressee', () => {
    expect(decideDelivery([dsa('DSA-1')], request(PROBATION, [POLICE])).allowed).toBe(false);
    expect(decideDelivery([dsa('DSA-1')], request(POLICE, null)).allowed).toBe(false);
  });
});

describe('conditionsHold: MAPPA categories', () => {
  const cat2or3 = dsa('DSA-1', { conditions: { mappaCategories: [2, 3] } });
  const cat1 = dsa('DSA-1', { conditions: { mappaCategories: [1] } });

  it('holds for a listed category', () => {
    expect(conditionsHold(cat2or3, { areas: [], mappaCategory: 3, hasActiveRegistration: false })).toBe(true);
  });

  it('fails for an unlisted category', () => {
    expect(conditionsHold(cat2or3, { areas: [], mappaCategory: 4, hasActiveRegistration: false })).toBe(false);
  });

  it('fails for a subject with no MAPPA category', () => {
    expect(conditionsHold(dsa('DSA-1'), { areas: ['WYP'], mappaCategory: null, hasActiveRegistration: false })).toBe(
      false,
    );
  });

  it('counts a registered subject with no recorded category as category 1', () => {
    expect(conditionsHold(cat1, { areas: [], mappaCategory: null, hasActiveRegistration: true })).toBe(true);
    expect(conditionsHold(cat2or3, { areas: [], mappaCategory: null, hasActiveRegistration: true })).toBe(false);
  });

  it('uses the category the hub was told over the category-1 default', () => {
    expect(conditionsHold(cat1, { areas: [], mappaCategory: 3, hasActiveRegistration: true })).toBe(false);
  });
});

describe('conditionsHold: all conditions must hold', () => {
  const a = dsa('DSA-1'); // areas [WYP], categories 1-4

  it('fails on the right area with no category', () => {
    expect(conditionsHold(a, { areas: ['WYP'], mappaCategory: null, hasActiveRegistration: false })).toBe(false);
  });

  it('fails on a category in the wrong area', () => {
    expect(conditionsHold(a, { areas: ['MPS'], mappaCategory: 1, hasActiveRegistration: false })).toBe(false);
  });

  it('an agreement with no conditions holds for any subject', () => {
    expect(
      conditionsHold(dsa('DSA-1', { conditions: {} }), {
        areas: [],
        mappaCategory: null,
        hasActiveRegistration: false,
      }),
    ).toBe(true);
  });
});

describe('discloseEvent', () => {
  const data = {
    subject: {
      names: [{ forenames: 'John', surname: 'SMITH' }],
      dateOfBirth: '1986-02-28',
      address: { town: 'Leeds' },
    },
    conviction: { convictionId: 'U/1' },
    order: { orderRef: 'O1' },
  };

  it('is null when no agreement allows the event', () => {
    expect(
      policyOver([dsa('DSA-1')]).discloseEvent(POLICE, { ...wyp, areas: ['MPS'] }, 'conviction.recorded', data, TODAY),
    ).toBeNull();
  });

  it('names the agreements relied on and projects the payload to the union of their fields', () => {
    const policy = policyOver([
      dsa('DSA-1', { fields: ['conviction'] }),
      dsa('DSA-2', { fields: ['subject.dateOfBirth'] }),
      dsa('DSA-3', { fields: ['order'], recipients: [PROBATION] }), // another recipient: not relied on
      dsa('DSA-4', { fields: ['subject.address'], eventTypes: ['order.made'] }), // another event type: not relied on
    ]);
    const disclosure = policy.discloseEvent(POLICE, wyp, 'conviction.recorded', data, TODAY);
    expect(ids(disclosure!.agreements)).toEqual(['DSA-1', 'DSA-2']);
    expect(disclosure!.payload).toEqual({
      conviction: { convictionId: 'U/1' },
      subject: { dateOfBirth: '1986-02-28' },
    });
  });
});

describe('couldEverReceive: a subscription no agreement could satisfy is refused', () => {
  it('is true for a recipient and listed event type of an active agreement', async () => {
    expect(await policyOver([dsa('DSA-1')]).couldEverReceive(POLICE, 'order.made', {}, TODAY)).toBe(true);
  });

  it('is true for an agreement that has not started yet', async () => {
    expect(
      await policyOver([dsa('DSA-1', { validFrom: '2027-01-01' })]).couldEverReceive(POLICE, 'order.made', {}, TODAY),
    ).toBe(true);
  });

  it('is false for an agency no agreement names', async () => {
    expect(await policyOver([dsa('DSA-1')]).couldEverReceive('housing.leeds', 'order.made', {}, TODAY)).toBe(false);
  });

  it('is false for an event type no agreement lists', async () => {
    expect(await policyOver([dsa('DSA-1')]).couldEverReceive(POLICE, 'watchlist.hit', {}, TODAY)).toBe(false);
  });

  it('is false under an expired agreement', async () => {
    expect(
      await policyOver([dsa('DSA-1', { validTo: '2026-11-22' })]).couldEverReceive(POLICE, 'order.made', {}, TODAY),
    ).toBe(false);
  });

  it('is false under a suspended or terminated agreement', async () => {
    expect(await policyOver([dsa('DSA-1')], ['DSA-1']).couldEverReceive(POLICE, 'order.made', {}, TODAY)).toBe(false);
    expect(
      await policyOver([dsa('DSA-1', { status: 'terminated' })]).couldEverReceive(POLICE, 'order.made', {}, TODAY),
    ).toBe(false);
  });

  it('is false when the filter areas do not overlap the agreement areas', async () => {
    expect(await policyOver([dsa('DSA-1')]).couldEverReceive(POLICE, 'order.made', { areas: ['MPS'] }, TODAY)).toBe(
      false,
    );
  });

  it('is true when some filter area overlaps', async () => {
    expect(
      await policyOver([dsa('DSA-1')]).couldEverReceive(POLICE, 'order.made', { areas: ['MPS', 'WYP'] }, TODAY),
    ).toBe(true);
  });

  it('is false when the filter MAPPA categories do not overlap', async () => {
    const a = dsa('DSA-1', { conditions: { mappaCategories: [1] } });
    expect(await policyOver([a]).couldEverReceive(POLICE, 'order.made', { mappaCategories: [2, 3] }, TODAY)).toBe(
      false,
    );
  });

  it('accepts any filter area when the agreement has no area condition', async () => {
    const a = dsa('DSA-1', { conditions: {} });
    expect(
      await policyOver([a]).couldEverReceive(POLICE, 'order.made', { areas: ['MPS'], mappaCategories: [4] }, TODAY),
    ).toBe(true);
  });
});

describe('at send time: a queued delivery stops when its agreements stop', () => {
  const policy = policyOver([dsa('DSA-1'), dsa('DSA-2', { validTo: '2026-12-31' })], ['DSA-3']);

  it('is true while an agreement relied on is in force', () => {
    expect(policy.stillInForce(['DSA-1'], TODAY)).toBe(true);
  });

  it('is false once the only agreement relied on has expired', () => {
    expect(policy.stillInForce(['DSA-2'], '2027-01-01')).toBe(false);
  });

  it('is true while one of several agreements relied on remains in force', () => {
    expect(policy.stillInForce(['DSA-2', 'DSA-1'], '2027-01-01')).toBe(true);
  });

  it('is false once the agreement is suspended', () => {
    const suspended = policyOver([dsa('DSA-1')], ['DSA-1']);
    expect(suspended.stillInForce(['DSA-1'], TODAY)).toBe(false);
  });

  it('is false for an agreement that is no longer filed', () => {
    expect(policy.stillInForce(['DSA-GONE'], TODAY)).toBe(false);
  });
});

describe('ackWithinMs and classificationOf for a delivery', () => {
  const policy = policyOver([
    dsa('DSA-1', { ackWithin: 'P2D' }),
    dsa('DSA-2', { ackWithin: 'PT12H', classification: 'OFFICIAL' }),
    dsa('DSA-3', { classification: 'OFFICIAL' }),
  ]);

  it('the acknowledgement window is the shortest of the agreements relied on', () => {
    expect(policy.ackWithinMs(['DSA-1', 'DSA-2'])).toBe(12 * 60 * 60 * 1000);
  });

  it('there is no window when no agreement relied on sets one', () => {
    expect(policy.ackWithinMs(['DSA-3'])).toBeNull();
  });

  it('the marking is the highest of the agreements relied on', () => {
    expect(policy.classificationOf(['DSA-2', 'DSA-3'])).toBe('OFFICIAL');
    expect(policy.classificationOf(['DSA-2', 'DSA-1'])).toBe('OFFICIAL-SENSITIVE');
  });
});

describe('alertingAgreements', () => {
  const housing = dsa('DSA-H', {
    recipients: ['housing.leeds'],
    eventTypes: ['alert.issued'],
    alertOn: ['order.made'],
    fields: ['subject.names', 'alert.riskTo'],
  });

  it('finds agreements listing alert.issued whose alertOn names the event', () => {
    expect(ids(policyOver([housing, dsa('DSA-1')]).alertingAgreements('order.made', TODAY))).toEqual(['DSA-H']);
  });

  it('ignores events not in alertOn', () => {
    expect(policyOver([housing]).alertingAgreements('conviction.recorded', TODAY)).toEqual([]);
  });

  it('ignores agreements not in force', () => {
    expect(policyOver([housing], ['DSA-H']).alertingAgreements('order.made', TODAY)).toEqual([]);
  });
});

describe('discloseEvent: an agreement may require a minimum identity link', () => {
  const conviction = (link?: Record<string, unknown>) => ({
    conviction: { offenceCode: 'X' },
    ...(link ? { link } : {}),
  });
  const strict = dsa('DSA-STRICT', { minimumLink: 'IDENTIFIER' });
  const scoredOk = dsa('DSA-SCORE', { minimumLinkScore: 0.9999 });

  it('refuses a scored (or name and date of birth) link under an identifier-only agreement, allows an identifier link', () => {
    const policy = policyOver([strict]);
    expect(
      policy.discloseEvent(POLICE, wyp, 'conviction.recorded', conviction({ basis: 'SCORED', score: 0.9995 }), TODAY),
    ).toBeNull();
    expect(
      policy.discloseEvent(
        POLICE,
        wyp,
        'conviction.recorded',
        conviction({ basis: 'NAME_AND_DATE_OF_BIRTH', score: 1 }),
        TODAY,
      ),
    ).toBeNull();
    expect(
      policy.discloseEvent(POLICE, wyp, 'conviction.recorded', conviction({ basis: 'IDENTIFIER' }), TODAY),
    ).not.toBeNull();
    expect(
      policy.discloseEvent(POLICE, wyp, 'conviction.recorded', conviction({ basis: 'NEW_SUBJECT' }), TODAY),
    ).not.toBeNull();
    // Events the hub raised itself carry no link.
    expect(policy.discloseEvent(POLICE, wyp, 'conviction.recorded', conviction(), TODAY)).not.toBeNull();
  });

  it('REVIEWED allows identifier and reviewed links, not scored ones', () => {
    const policy = policyOver([dsa('DSA-R', { minimumLink: 'REVIEWED' })]);
    expect(
      policy.discloseEvent(POLICE, wyp, 'conviction.recorded', conviction({ basis: 'REVIEWED' }), TODAY),
    ).not.toBeNull();
    expect(
      policy.discloseEvent(POLICE, wyp, 'conviction.recorded', conviction({ basis: 'SCORED', score: 1 }), TODAY),
    ).toBeNull();
  });

  it('a minimum score lets stronger scored links through and records only the agreements that allowed it', () => {
    const policy = policyOver([scoredOk, strict]);
    expect(
      policy.discloseEvent(POLICE, wyp, 'conviction.recorded', conviction({ basis: 'SCORED', score: 0.9995 }), TODAY),
    ).toBeNull();
    expect(
      ids(
        policy.discloseEvent(
          POLICE,
          wyp,
          'conviction.recorded',
          conviction({ basis: 'SCORED', score: 0.99995 }),
          TODAY,
        )!.agreements,
      ),
    ).toEqual(['DSA-SCORE']);
    expect(
      ids(
        policy.discloseEvent(POLICE, wyp, 'conviction.recorded', conviction({ basis: 'IDENTIFIER' }), TODAY)!
          .agreements,
      ),
    ).toEqual(['DSA-SCORE', 'DSA-STRICT']);
  });
});

describe('corrections: a retraction follows the agreements the corrected data left under', () => {
  const correction = {
    subject: { names: [{ forenames: 'Mary', surname: 'JONES' }], address: { postcode: 'LS1 1AA' } },
    correction: { mergeId: 'm-1', events: [{ eventId: 'e-1' }] },
  };

  it('projects by those agreements and keeps the correction reference, without listing record.corrected', () => {
    const policy = policyOver([dsa('DSA-1')]);
    const disclosure = policy.discloseCorrection(['DSA-1'], correction, TODAY);
    expect(ids(disclosure!.agreements)).toEqual(['DSA-1']);
    expect(disclosure!.payload).toEqual({
      subject: { names: [{ forenames: 'Mary', surname: 'JONES' }] },
      correction: correction.correction,
    });
  });

  it('relies only on those of them still in force; none in force, none sent', () => {
    const policy = policyOver(
      [dsa('DSA-1'), dsa('DSA-2', { fields: ['subject.names', 'subject.address'] })],
      ['DSA-2'],
    );
    expect(ids(policy.discloseCorrection(['DSA-1', 'DSA-2'], correction, TODAY)!.agreements)).toEqual(['DSA-1']);
    expect(policy.discloseCorrection(['DSA-2'], correction, TODAY)).toBeNull();
    expect(policy.discloseCorrection(['DSA-GONE'], correction, TODAY)).toBeNull();
  });
});

describe('the policy refreshes itself: a suspension made in another process holds at the next answer', () => {
  /** Suspensions as Postgres holds them (`stored`), seen by the policy only through a reload. */
  function policyWithStore() {
    const stored = new Set<string>();
    let seen = new Set<string>();
    const suspensions = {
      refresh: async () => {
        seen = new Set(stored);
      },
      isSuspended: (id: string) => seen.has(id),
      find: (id: string) =>
        seen.has(id) ? { agreementId: id, reason: 'r', suspendedBy: 'dpo', suspendedAt: '' } : undefined,
    } as unknown as AgreementSuspensions;
    const agreements = [dsa('DSA-1')];
    const registry = {
      all: () => agreements,
      find: (id: string) => agreements.find((a) => a.id === id),
    } as unknown as AgreementRegistry;
    return { policy: new DisclosurePolicy(registry, suspensions), stored };
  }
  const view = { subjectId: 's', facts: wyp, record: { conviction: [{ offenceCode: 'X' }] } };
  const request = {
    event: { type: 'conviction.recorded', data: { conviction: { offenceCode: 'X' } }, audience: null },
    facts: wyp,
    subscription: { agencyId: POLICE, eventTypes: ['conviction.recorded'], filter: {} },
  };

  it('every answer that lets data leave, or admits a subscription, reloads first', async () => {
    const { policy, stored } = policyWithStore();
    expect(await policy.disclose(view, POLICE, {}, TODAY)).not.toBeNull();
    expect((await policy.forDelivery(request, TODAY)).allowed).toBe(true);
    stored.add('DSA-1'); // a DPO suspends it elsewhere; nobody calls a refresh
    expect(await policy.disclose(view, POLICE, {}, TODAY)).toBeNull();
    expect(await policy.discloseEach([view], POLICE, {}, TODAY)).toEqual([null]);
    expect((await policy.forDelivery(request, TODAY)).allowed).toBe(false);
    expect((await policy.forDeliveries([request], TODAY))[0].allowed).toBe(false);
    expect(await policy.couldEverReceive(POLICE, 'order.made', {}, TODAY)).toBe(false);
    expect((await policy.standing(TODAY))[0].state).toBe('suspended');
    stored.delete('DSA-1'); // and lifts it
    expect((await policy.forDelivery(request, TODAY)).allowed).toBe(true);
    expect((await policy.standing(TODAY))[0].state).toBe('active');
  });
});

describe('decideDelivery: events back-loaded by the bulk import (agreements.md `backloaded`)', () => {
  const request = (backloaded: boolean, routedUnder?: string[]) => ({
    event: { type: 'order.made', data: {}, audience: null, areas: ['WYP'], backloaded },
    facts: wyp,
    subscription: { agencyId: POLICE, eventTypes: ['order.made'], filter: {} },
    ...(routedUnder ? { routedUnder } : {}),
  });

  it('are not delivered under an agreement that leaves `backloaded` out (skip is the default)', () => {
    const d = decideDelivery([dsa('DSA-DEFAULT')], request(true));
    expect(d).toMatchObject({ allowed: false, agreements: [] });
    expect(decideDelivery([dsa('DSA-SKIP', { backloaded: 'skip' })], request(true)).allowed).toBe(false);
  });

  it('are delivered under one that chose `deliver`, and only under it', () => {
    const d = decideDelivery([dsa('DSA-DEFAULT'), dsa('DSA-DELIVER', { backloaded: 'deliver' })], request(true));
    expect(d.allowed).toBe(true);
    expect(d.agreements.map((a) => a.id)).toEqual(['DSA-DELIVER']);
  });

  it('an agreement turned back to skip stops a back-loaded delivery at send time', () => {
    expect(decideDelivery([dsa('DSA-X', { backloaded: 'skip' })], request(true, ['DSA-X'])).allowed).toBe(false);
  });

  it('news as it happens is delivered whatever the agreement says of back-loaded events', () => {
    expect(decideDelivery([dsa('DSA-SKIP', { backloaded: 'skip' })], request(false)).allowed).toBe(true);
  });
});
