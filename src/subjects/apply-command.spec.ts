import { describe, expect, it } from '@jest/globals';
import type {
  DischargeOrder,
  OrderTerms,
  PersonClaim,
  RecordHearingResult,
  RecordProbationUpdate,
  VaryOrder,
} from '../canonical/commands';
import type { DomainEvent } from '../canonical/event-types';
import type { Provenance } from '../canonical/provenance';
import { emptySubjectRecord, type Sentence, type SubjectRecord } from '../canonical/subject-record';
import { loadNotificationPeriodTable } from '../rules/notification-period-table';
import { EMPTY_RESPONSIBILITY_REFERENCE } from '../responsibility/responsibility-reference';
import { applyCommand } from './apply-command';

// events.md: subject.created when a new subject enters the hub; subject.details.changed when
// names, aliases, date of birth, identifiers, address change; conviction.recorded;
// registration.started; order.made / order.varied / order.discharged.
// domain.md: "every field carries its provenance". Dates below are worked by hand from the s.82
// table: a conviction on 2026-09-30 with a community order gives 5 years, last day 2031-09-29.

const table = loadNotificationPeriodTable('config/reference');
const P1: Provenance = { kind: 'COURT', agency: 'court.leeds', messageId: 'msg-1', receivedAt: '2026-10-14T16:32:10Z' };
const P2: Provenance = { kind: 'COURT', agency: 'court.leeds', messageId: 'msg-2', receivedAt: '2027-01-20T10:00:00Z' };
const court = { code: 'C2301', name: 'Leeds Crown Court', level: 'CROWN' as const };

const person: PersonClaim = {
  forenames: 'John Michael',
  surname: 'SMITH',
  aliases: [{ forenames: 'Jon', surname: 'SMYTH' }],
  dateOfBirth: '1986-02-28',
  sex: 'M',
  identifiers: [{ scheme: 'PNC', value: '2004/0123456B' }],
  sourceReference: { source: 'COURT_DEFENDANT:court.leeds', value: 'D-88231' },
  address: { line1: '14 Example Terrace', town: 'Leeds', postcode: 'LS6 2AB' },
};

const finding = {
  sequence: 1,
  offenceCode: 'SX03014',
  wording: 'Sexual assault on a female child under 13',
  finding: 'GUILTY' as const,
  convictionDate: '2026-09-30',
  notificationCertificate: true,
};

const COMMUNITY: Sentence = { sentenceDate: '2026-10-14', disposal: 'COMMUNITY_ORDER' };
const THREE_YEARS: Sentence = { sentenceDate: '2026-10-14', disposal: 'IMPRISONMENT', custodialTermMonths: 36 };

const shpo = (duration: OrderTerms['duration']): OrderTerms => ({
  orderRef: 'LCC-SHPO-2026-0412',
  orderType: 'SHPO',
  madeOn: '2026-10-14',
  duration,
  prohibitions: [{ code: 'FOREIGN_TRAVEL_PROHIBITED', text: 'Not to travel outside the UK.', countries: ['*'] }],
  passportSurrender: true,
});

const hearing = (over: Partial<RecordHearingResult> = {}): RecordHearingResult => ({
  kind: 'RECORD_HEARING_RESULT',
  person,
  court,
  caseUrn: '13SL1234567',
  hearingDate: '2026-10-14',
  findings: [finding],
  sentence: COMMUNITY,
  orders: [],
  ...over,
});

/** The evaluation date (whether an SHPO is in force on it), after every message below. */
const TODAY = '2027-06-01';
const apply = (
  previous: SubjectRecord,
  isNew: boolean,
  command: Parameters<typeof applyCommand>[2],
  provenance = P1,
  today = TODAY,
) => applyCommand(previous, isNew, command, provenance, table, today, EMPTY_RESPONSIBILITY_REFERENCE);
const types = (events: DomainEvent[]) => events.map((e) => e.type);
const one = (events: DomainEvent[], type: string) => {
  const found = events.filter((e) => e.type === type);
  expect(found).toHaveLength(1);
  return found[0].data;
};

describe('a hearing result for a new subject', () => {
  const { record, events } = apply(
    emptySubjectRecord(),
    true,
    hearing({ sentence: THREE_YEARS, orders: [shpo({ indefinite: true })] }),
  );

  it('raises subject.created, conviction.recorded, order.made and registration.started, once each', () => {
    expect(types(events)).toEqual(['subject.created', 'conviction.recorded', 'order.made', 'registration.started']);
  });

  it('records who the person is, each detail with the message provenance', () => {
    expect(record.names).toEqual([
      { forenames: 'John Michael', surname: 'SMITH', type: 'PRIMARY', provenance: P1 },
      { forenames: 'Jon', surname: 'SMYTH', type: 'ALIAS', provenance: P1 },
    ]);
    expect(record.dateOfBirth).toEqual({ value: '1986-02-28', provenance: P1 });
    expect(record.identifiers).toEqual([{ scheme: 'PNC', value: '2004/0123456B', provenance: P1 }]);
    expect(record.address).toEqual({ line1: '14 Example Terrace', town: 'Leeds', postcode: 'LS6 2AB', provenance: P1 });
    expect(record.sourceReferences).toEqual([{ source: 'COURT_DEFENDANT:court.leeds', value: 'D-88231' }]);
  });

  it('records the conviction with its sentence and provenance', () => {
    expect(record.convictions).toEqual([
      expect.objectContaining({
        caseUrn: '13SL1234567',
        offenceSequence: 1,
        offenceCode: 'SX03014',
        finding: 'GUILTY',
        convictionDate: '2026-09-30',
        notificationCertificate: true,
        disposal: 'IMPRISONMENT',
        sentence: THREE_YEARS,
        court,
        provenance: P1,
      }),
    ]);
  });

  it('records the order with its prohibitions and provenance', () => {
    expect(record.orders).toEqual([
      expect.objectContaining({
        orderRef: 'LCC-SHPO-2026-0412',
        orderType: 'SHPO',
        status: 'ACTIVE',
        madeOn: '2026-10-14',
        endDate: null,
        prohibitions: shpo({}).prohibitions,
        passportSurrender: true,
        provenance: P1,
      }),
    ]);
  });

  it('starts indefinite notification requirements from the conviction date, barred from review by the SHPO', () => {
    expect(record.registrations).toEqual([
      expect.objectContaining({
        basis: 'CONVICTION',
        startDate: '2026-09-30',
        period: 'INDEFINITE',
        endDate: null,
        reviewEligibleFrom: '2041-09-30',
        reviewBarredByOrder: true,
      }),
    ]);
  });

  it('puts each fact in its own event', () => {
    expect(one(events, 'conviction.recorded').conviction).toMatchObject({ caseUrn: '13SL1234567', offenceSequence: 1 });
    expect(one(events, 'order.made').order).toMatchObject({ orderRef: 'LCC-SHPO-2026-0412' });
    expect(one(events, 'registration.started').registration).toMatchObject({
      startDate: '2026-09-30',
      period: 'INDEFINITE',
    });
  });

  it('names the subject in every event, without the source system keys', () => {
    for (const e of events) {
      expect(e.data.subject).toEqual({
        names: [
          { forenames: 'John Michael', surname: 'SMITH', type: 'PRIMARY', provenance: P1 },
          { forenames: 'Jon', surname: 'SMYTH', type: 'ALIAS', provenance: P1 },
        ],
        dateOfBirth: '1986-02-28',
        identifiers: [{ scheme: 'PNC', value: '2004/0123456B', provenance: P1 }],
        address: { line1: '14 Example Terrace', town: 'Leeds', postcode: 'LS6 2AB', provenance: P1 },
      });
    }
  });

  it('leaves the previous record untouched', () => {
    const before = structuredClone(record);
    const moved = {
      ...person,
      forenames: 'John',
      address: { line1: '3 Other Street', town: 'Leeds', postcode: 'LS1 1AA' },
    };
    const discharge: DischargeOrder = {
      kind: 'DISCHARGE_ORDER',
      person: moved,
      court,
      order: { ...shpo({ indefinite: true }), prohibitions: [], dischargedOn: '2027-01-20' },
    };
    apply(record, false, discharge, P2);
    expect(record).toEqual(before);
  });
});

describe('subject.created and subject.details.changed', () => {
  const first = apply(emptySubjectRecord(), true, hearing()).record;

  it('a known subject is not created again, and unchanged details raise nothing', () => {
    const { events } = apply(first, false, hearing({ findings: [], orders: [] }), P2);
    expect(events).toEqual([]);
  });

  it('a new address is a change of details', () => {
    const moved = { ...person, address: { line1: '3 Other Street', town: 'Leeds', postcode: 'LS1 1AA' } };
    const { record, events } = apply(first, false, hearing({ person: moved, findings: [] }), P2);
    expect(types(events)).toEqual(['subject.details.changed']);
    expect(record.address).toEqual({ line1: '3 Other Street', town: 'Leeds', postcode: 'LS1 1AA', provenance: P2 });
  });

  it('a new alias is a change of details and of identity', () => {
    const { events } = apply(
      first,
      false,
      hearing({ person: { ...person, aliases: [{ forenames: 'Johnny', surname: 'SMITH' }] }, findings: [] }),
      P2,
    );
    expect(types(events)).toEqual(['subject.details.changed', 'subject.identity.changed']);
  });

  it('a new passport is a change of identity; a new CRO number (above) or address is not', () => {
    const { events } = apply(
      first,
      false,
      hearing({ person: { ...person, identifiers: [{ scheme: 'PASSPORT', value: '987654321' }] }, findings: [] }),
      P2,
    );
    expect(types(events)).toEqual(['subject.details.changed', 'subject.identity.changed']);
  });

  it('a new identifier is a change of details', () => {
    const { events } = apply(
      first,
      false,
      hearing({ person: { ...person, identifiers: [{ scheme: 'CRO', value: '123456/04L' }] }, findings: [] }),
      P2,
    );
    expect(types(events)).toEqual(['subject.details.changed']);
  });

  it('a new date of birth is a change of details and of identity', () => {
    const { record, events } = apply(
      first,
      false,
      hearing({ person: { ...person, dateOfBirth: '1986-03-01' }, findings: [] }),
      P2,
    );
    expect(types(events)).toEqual(['subject.details.changed', 'subject.identity.changed']);
    expect(record.dateOfBirth).toEqual({ value: '1986-03-01', provenance: P2 });
  });

  it('a new primary name keeps the old one as an alias, with its own provenance', () => {
    const { record, events } = apply(
      first,
      false,
      hearing({ person: { ...person, forenames: 'John', surname: 'SMITH-JONES' }, findings: [] }),
      P2,
    );
    expect(types(events)).toEqual(['subject.details.changed', 'subject.identity.changed']);
    expect(record.names).toEqual([
      { forenames: 'John', surname: 'SMITH-JONES', type: 'PRIMARY', provenance: P2 },
      { forenames: 'John Michael', surname: 'SMITH', type: 'ALIAS', provenance: P1 },
      { forenames: 'Jon', surname: 'SMYTH', type: 'ALIAS', provenance: P1 },
    ]);
  });

  it('a new subject raises subject.created and not subject.details.changed', () => {
    const { events } = apply(emptySubjectRecord(), true, hearing({ findings: [] }));
    expect(types(events)).toEqual(['subject.created']);
  });
});

describe('convictions', () => {
  const first = apply(emptySubjectRecord(), true, hearing()).record;

  it('the same finding sent again is not recorded again', () => {
    const { record, events } = apply(first, false, hearing(), P2);
    expect(types(events)).not.toContain('conviction.recorded');
    expect(record.convictions).toHaveLength(1);
    expect(record.convictions[0].provenance).toEqual(P1);
  });

  it('a second offence in the same case is recorded as a second conviction', () => {
    const { record, events } = apply(
      first,
      false,
      hearing({ findings: [{ ...finding, sequence: 2, offenceCode: 'SX03005' }] }),
      P2,
    );
    expect(types(events)).toEqual(['conviction.recorded']);
    expect(record.convictions.map((c) => [c.offenceSequence, c.provenance.messageId])).toEqual([
      [1, 'msg-1'],
      [2, 'msg-2'],
    ]);
  });

  it('without a notification certificate, there are no notification requirements', () => {
    const { record, events } = apply(
      emptySubjectRecord(),
      true,
      hearing({ findings: [{ ...finding, notificationCertificate: false }] }),
    );
    expect(types(events)).toEqual(['subject.created', 'conviction.recorded']);
    expect(record.registrations).toEqual([]);
  });

  it('an adjourned sentence starts the requirements as PENDING_SENTENCE', () => {
    const { record, events } = apply(emptySubjectRecord(), true, hearing({ sentence: null }));
    expect(record.convictions[0]).toMatchObject({ disposal: null, sentence: null });
    expect(one(events, 'registration.started').registration).toMatchObject({
      startDate: '2026-09-30',
      period: 'PENDING_SENTENCE',
      endDate: null,
    });
  });

  it('the sentence, when it comes, fixes the period of the same registration', () => {
    const adjourned = apply(emptySubjectRecord(), true, hearing({ sentence: null })).record;
    const { record, events } = apply(adjourned, false, hearing({ sentence: COMMUNITY }), P2);
    expect(record.convictions).toHaveLength(1);
    expect(record.convictions[0]).toMatchObject({ disposal: 'COMMUNITY_ORDER', sentence: COMMUNITY });
    expect(types(events)).not.toContain('registration.started');
    expect(one(events, 'registration.changed').registration).toMatchObject({
      startDate: '2026-09-30',
      period: 'P5Y',
      endDate: '2031-09-29',
    });
  });
});

describe('orders: made, varied, discharged', () => {
  // 5-year registration (last day 2031-09-29) extended by a 10-year SHPO made 2026-10-14 (last day 2036-10-13).
  const made = apply(emptySubjectRecord(), true, hearing({ orders: [shpo({ years: 10 })] })).record;

  it('an SHPO outlasting the period extends the registration, saying why', () => {
    expect(made.registrations).toEqual([
      expect.objectContaining({
        periodEndDate: '2031-09-29',
        endDate: '2036-10-13',
        endDateReason: { kind: 'EXTENDED_BY_ORDER', orderRef: 'LCC-SHPO-2026-0412' },
      }),
    ]);
  });

  it('a variation raises order.varied with the new terms, and moves the registration end', () => {
    const vary: VaryOrder = {
      kind: 'VARY_ORDER',
      person,
      court,
      order: { ...shpo({ years: 7 }), variedOn: '2027-01-20' },
    };
    const { record, events } = apply(made, false, vary, P2);
    expect(types(events)).toEqual(['order.varied', 'registration.changed']);
    expect(record.orders).toEqual([
      expect.objectContaining({
        status: 'ACTIVE',
        duration: { years: 7 },
        endDate: '2033-10-13',
        variedOn: '2027-01-20',
        provenance: P2,
      }),
    ]);
    expect(one(events, 'registration.changed').registration).toMatchObject({ endDate: '2033-10-13' });
  });

  it('a discharge raises order.discharged and the registration falls back to its own period', () => {
    const discharge: DischargeOrder = {
      kind: 'DISCHARGE_ORDER',
      person,
      court,
      order: { ...shpo({ years: 10 }), prohibitions: [], dischargedOn: '2027-01-20' },
    };
    const { record, events } = apply(made, false, discharge, P2);
    expect(types(events)).toEqual(['order.discharged', 'registration.changed']);
    expect(record.orders).toEqual([expect.objectContaining({ status: 'DISCHARGED', dischargedOn: '2027-01-20' })]);
    expect(one(events, 'registration.changed').registration).toMatchObject({
      endDate: '2031-09-29',
      endDateReason: null,
    });
  });

  it('discharging an SHPO that alone started the requirements ends them: registration.ended, and the registration is kept', () => {
    const alone = apply(
      emptySubjectRecord(),
      true,
      hearing({ findings: [{ ...finding, notificationCertificate: false }], orders: [shpo({ years: 10 })] }),
    ).record;
    expect(alone.registrations).toEqual([
      expect.objectContaining({ registrationId: 'order:LCC-SHPO-2026-0412', basis: 'ORDER', endDate: '2036-10-13' }),
    ]);
    const discharge: DischargeOrder = {
      kind: 'DISCHARGE_ORDER',
      person,
      court,
      order: { ...shpo({ years: 10 }), prohibitions: [], dischargedOn: '2027-01-20' },
    };
    const { record, events } = apply(alone, false, discharge, P2);
    expect(types(events)).toEqual(['order.discharged', 'registration.ended']);
    const expected = {
      registrationId: 'order:LCC-SHPO-2026-0412',
      startDate: '2026-10-14',
      endDate: '2027-01-20',
      endDateReason: { kind: 'ORDER_DISCHARGED', orderRef: 'LCC-SHPO-2026-0412' },
    };
    expect(record.registrations).toEqual([expect.objectContaining(expected)]);
    expect(one(events, 'registration.ended').registration).toMatchObject({
      ...expected,
      endReason: 'ORDER_DISCHARGED',
    });
    // The same discharge again ends nothing more.
    expect(types(apply(record, false, discharge, { ...P2, messageId: 'msg-3' }).events)).toEqual([]);
  });

  it('an SHPO in force bars the review; a later message after a fixed-term SHPO has expired says the bar has lifted', () => {
    const indefinite = apply(
      emptySubjectRecord(),
      true,
      hearing({ sentence: THREE_YEARS, orders: [shpo({ years: 1 })] }),
      P1,
      '2026-10-14',
    ).record;
    expect(indefinite.registrations[0]).toMatchObject({ period: 'INDEFINITE', reviewBarredByOrder: true });
    const later = apply(
      indefinite,
      false,
      hearing({ sentence: THREE_YEARS, orders: [shpo({ years: 1 })] }),
      P2,
      '2027-10-14',
    );
    expect(one(later.events, 'registration.changed').registration).toMatchObject({
      period: 'INDEFINITE',
      reviewBarredByOrder: false,
    });
  });

  it('a discharge that omits the prohibitions keeps the record of them', () => {
    const discharge: DischargeOrder = {
      kind: 'DISCHARGE_ORDER',
      person,
      court,
      order: { ...shpo({ years: 10 }), prohibitions: [], passportSurrender: false, dischargedOn: '2027-01-20' },
    };
    const { record } = apply(made, false, discharge, P2);
    expect(record.orders[0]).toMatchObject({ prohibitions: shpo({}).prohibitions, passportSurrender: true });
  });

  describe('older news arriving late never undoes a later decision', () => {
    const vary: VaryOrder = {
      kind: 'VARY_ORDER',
      person,
      court,
      order: { ...shpo({ years: 7 }), variedOn: '2027-01-20' },
    };
    const discharge: DischargeOrder = {
      kind: 'DISCHARGE_ORDER',
      person,
      court,
      order: { ...shpo({ years: 10 }), prohibitions: [], dischargedOn: '2027-03-01' },
    };
    const P3: Provenance = { ...P2, messageId: 'msg-3' };

    it('the hearing re-sent after a variation leaves the varied order', () => {
      const varied = apply(made, false, vary, P2).record;
      const { record, events } = apply(varied, false, hearing({ orders: [shpo({ years: 10 })] }), P3);
      expect(types(events)).toEqual([]);
      expect(record.orders[0]).toMatchObject({ duration: { years: 7 }, variedOn: '2027-01-20', provenance: P2 });
    });

    it('the hearing re-sent after a discharge does not bring the order back', () => {
      const discharged = apply(made, false, discharge, P2).record;
      const { record, events } = apply(discharged, false, hearing({ orders: [shpo({ years: 10 })] }), P3);
      expect(types(events)).toEqual([]);
      expect(record.orders[0]).toMatchObject({ status: 'DISCHARGED', dischargedOn: '2027-03-01' });
    });

    it('a variation dated before the discharge, arriving after it, changes nothing', () => {
      const discharged = apply(made, false, discharge, P2).record;
      const { record, events } = apply(discharged, false, vary, P3);
      expect(types(events)).toEqual([]);
      expect(record.orders[0]).toMatchObject({ status: 'DISCHARGED', duration: { years: 10 } });
    });

    it('a later variation still applies', () => {
      const varied = apply(made, false, vary, P2).record;
      const again: VaryOrder = { ...vary, order: { ...vary.order, duration: { years: 5 }, variedOn: '2027-06-01' } };
      expect(types(apply(varied, false, again, P3).events)).toEqual(['order.varied', 'registration.changed']);
    });
  });

  it('facts the command did not touch keep their own provenance', () => {
    const vary: VaryOrder = {
      kind: 'VARY_ORDER',
      person,
      court,
      order: { ...shpo({ years: 7 }), variedOn: '2027-01-20' },
    };
    const { record } = apply(made, false, vary, P2);
    expect(record.convictions[0].provenance).toEqual(P1);
    expect(record.names.map((n) => n.provenance)).toEqual([P1, P1]);
    expect(record.dateOfBirth?.provenance).toEqual(P1);
    expect(record.orders[0].provenance).toEqual(P2);
  });
});

/** The record as Postgres gives it back: jsonb keeps its own key order, not the writer's (here: reversed). */
function asStored<T>(value: T): T {
  if (Array.isArray(value)) return value.map(asStored) as T;
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .reverse()
      .map(([k, v]) => [k, asStored(v)]),
  ) as T;
}

describe('the same facts re-sent (a new message, new key) raise nothing', () => {
  const first = apply(
    emptySubjectRecord(),
    true,
    hearing({ sentence: THREE_YEARS, orders: [shpo({ years: 10 })] }),
  ).record;
  const stored = asStored(first);

  it('a whole hearing re-sent: no order.varied, no conviction.recorded, no event at all', () => {
    const { events } = apply(stored, false, hearing({ sentence: THREE_YEARS, orders: [shpo({ years: 10 })] }), P2);
    expect(types(events)).toEqual([]);
  });

  it('the facts keep the provenance of the message that first established them', () => {
    const { record } = apply(stored, false, hearing({ sentence: THREE_YEARS, orders: [shpo({ years: 10 })] }), P2);
    expect(record.orders[0].provenance).toEqual(P1);
    expect(record.convictions[0].provenance).toEqual(P1);
  });

  it('a re-sent hearing that changes the order is still a variation', () => {
    const { events } = apply(stored, false, hearing({ sentence: THREE_YEARS, orders: [shpo({ years: 7 })] }), P2);
    expect(types(events)).toEqual(['order.varied']);
  });

  it('a re-sent hearing that changes the sentence is still recorded', () => {
    const { events } = apply(
      stored,
      false,
      hearing({ sentence: { ...THREE_YEARS, custodialTermMonths: 40 }, orders: [shpo({ years: 10 })] }),
      P2,
    );
    expect(types(events)).toEqual(['conviction.recorded']);
  });

  it('a variation re-sent: order.varied once only', () => {
    const vary: VaryOrder = {
      kind: 'VARY_ORDER',
      person,
      court,
      order: { ...shpo({ years: 7 }), variedOn: '2027-01-20' },
    };
    const varied = asStored(apply(stored, false, vary, P2).record);
    expect(types(apply(varied, false, vary, { ...P2, messageId: 'msg-3' }).events)).toEqual([]);
  });

  it('a discharge re-sent: order.discharged once only', () => {
    const discharge: DischargeOrder = {
      kind: 'DISCHARGE_ORDER',
      person,
      court,
      order: { ...shpo({ years: 10 }), prohibitions: [], dischargedOn: '2027-01-20' },
    };
    const discharged = asStored(apply(stored, false, discharge, P2).record);
    expect(types(apply(discharged, false, discharge, { ...P2, messageId: 'msg-3' }).events)).toEqual([]);
  });

  // Probation's person claim carries no address (probation.mapper.ts): its address comes as a change.
  const { address: _courtAddress, ...probationPerson } = person;
  const probation = (change: RecordProbationUpdate['change']): RecordProbationUpdate => ({
    kind: 'RECORD_PROBATION_UPDATE',
    person: probationPerson,
    change,
  });
  const P_PROBATION: Provenance = {
    kind: 'PROBATION',
    agency: 'probation.yorkshire',
    messageId: 'prob-1',
    receivedAt: '2026-11-01T09:00:00Z',
  };

  it.each<[string, RecordProbationUpdate['change']]>([
    [
      'licence',
      {
        type: 'LICENCE',
        licence: {
          startDate: '2026-11-01',
          expiryDate: '2029-10-13',
          conditions: [{ code: 'NO_CONTACT', text: 'No contact with the victim.' }],
        },
      },
    ],
    [
      'offender manager',
      {
        type: 'OFFENDER_MANAGER',
        offenderManager: {
          name: 'Alex Jones',
          team: 'Leeds North',
          email: 'alex.jones@probation.example',
          phone: '0113 000 0000',
        },
      },
    ],
    [
      'address',
      {
        type: 'ADDRESS',
        address: {
          line1: '1 Approved Premises Road',
          town: 'Leeds',
          postcode: 'LS1 1AA',
          type: 'APPROVED_PREMISES',
          from: '2026-11-01',
        },
      },
    ],
  ])('a probation %s re-sent raises nothing', (_name, change) => {
    const once = apply(stored, false, probation(change), P_PROBATION);
    expect(once.events.length).toBeGreaterThan(0);
    const again = apply(asStored(once.record), false, probation(change), { ...P_PROBATION, messageId: 'prob-2' });
    expect(types(again.events)).toEqual([]);
  });
});

describe('details stated out of order: the newest statement wins, whatever arrives last', () => {
  const newer: PersonClaim = {
    ...person,
    surname: 'SMITH-JONES',
    aliases: [],
    address: { line1: '2 New Street', town: 'Bradford', postcode: 'BD1 1AA' },
    statedAt: '2027-01-10T09:00:00Z',
  };
  const older: PersonClaim = {
    ...person,
    aliases: [],
    identifiers: [...person.identifiers, { scheme: 'CRO', value: '123456/04L' }],
    statedAt: '2026-10-14T16:32:10Z',
  };
  const first = apply(emptySubjectRecord(), true, hearing({ person: newer }), P2);
  const late = apply(first.record, false, hearing({ person: older, caseUrn: '13SL7654321' }), P1);

  it('an older claim arriving later does not put back the old name or address', () => {
    const primary = late.record.names.find((n) => n.type === 'PRIMARY')!;
    expect(primary).toMatchObject({ surname: 'SMITH-JONES', provenance: P2 });
    expect(late.record.address).toMatchObject({ line1: '2 New Street', provenance: P2 });
    expect(late.record.detailsAsOf).toBe('2027-01-10T09:00:00Z');
  });

  it('but keeps its name as an alias and adds its identifiers, and says the details changed', () => {
    expect(late.record.names).toContainEqual({
      forenames: 'John Michael',
      surname: 'SMITH',
      type: 'ALIAS',
      provenance: P1,
    });
    expect(late.record.identifiers).toContainEqual({ scheme: 'CRO', value: '123456/04L', provenance: P1 });
    expect(types(late.events)).toContain('subject.details.changed');
  });

  it('in arrival order the newer claim takes over as before', () => {
    const inOrder = apply(
      apply(emptySubjectRecord(), true, hearing({ person: older }), P1).record,
      false,
      hearing({ person: newer, caseUrn: '13SL7654321' }),
      P2,
    );
    expect(inOrder.record.names.find((n) => n.type === 'PRIMARY')).toMatchObject({ surname: 'SMITH-JONES' });
    expect(inOrder.record.address).toMatchObject({ line1: '2 New Street' });
    expect(inOrder.record.names).toContainEqual(expect.objectContaining({ surname: 'SMITH', type: 'ALIAS' }));
  });

  it('an older claim still fills what the record lacks', () => {
    const bare = apply(
      emptySubjectRecord(),
      true,
      hearing({ person: { ...newer, sex: undefined, address: undefined } }),
      P2,
    );
    const filled = apply(bare.record, false, hearing({ person: older, caseUrn: '13SL7654321' }), P1);
    expect(filled.record.sex).toEqual({ value: 'M', provenance: P1 });
    expect(filled.record.address).toMatchObject({ line1: '14 Example Terrace', provenance: P1 });
  });

  it('a claim with no time is applied as it arrives', () => {
    const undated = apply(
      first.record,
      false,
      hearing({ person: { ...older, statedAt: undefined }, caseUrn: '13SL7654321' }),
      P1,
    );
    expect(undated.record.names.find((n) => n.type === 'PRIMARY')).toMatchObject({ surname: 'SMITH' });
  });
});
