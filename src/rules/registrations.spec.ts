import { describe, expect, it } from '@jest/globals';
import {
  emptySubjectRecord,
  type Conviction,
  type Order,
  type OrderDuration,
  type Sentence,
  type SubjectRecord,
} from '../canonical/subject-record';
import { loadNotificationPeriodTable } from './notification-period-table';
import { deriveRegistrations } from './registrations';

// domain.md (s.103G): "while an SHPO has effect the person is subject to the notification
// requirements; an SHPO made against someone whose period would end sooner extends it to the
// order's end (an indefinite order: indefinitely), and one made against someone not otherwise
// subject starts requirements for the life of the order. The registration records why its end
// date moved." "No review while an SHPO is in force."
// Every date below is worked by hand from the s.82 table and the "beginning with" rule: a
// 5-year period starting 2026-01-10 has its last day on 2031-01-09.

const table = loadNotificationPeriodTable('config/reference');
/** The evaluation date: whether an SHPO is in force (and so bars a review) depends on it. */
const TODAY = '2027-06-01';
const court = { code: 'C2301', name: 'Leeds Crown Court', level: 'CROWN' as const };
const provenance = {
  kind: 'COURT' as const,
  agency: 'court.leeds',
  messageId: 'm1',
  receivedAt: '2026-01-10T16:00:00Z',
};

const COMMUNITY: Sentence = { sentenceDate: '2026-01-10', disposal: 'COMMUNITY_ORDER' };
const FOUR_YEARS: Sentence = { sentenceDate: '2026-01-10', disposal: 'IMPRISONMENT', custodialTermMonths: 48 };

/** A certified conviction on 2026-01-10 (adult: born 1980). */
const conviction = (sentence: Sentence | null): Conviction => ({
  convictionId: 'U1/1',
  hearingKey: 'U1',
  court,
  caseUrn: 'U1',
  offenceSequence: 1,
  offenceCode: 'SX03014',
  wording: 'w',
  finding: 'GUILTY',
  convictionDate: '2026-01-10',
  notificationCertificate: true,
  disposal: sentence?.disposal ?? null,
  sentence,
  provenance,
});

const order = (orderRef: string, madeOn: string, duration: OrderDuration, over: Partial<Order> = {}): Order => ({
  orderRef,
  orderType: 'SHPO',
  status: 'ACTIVE',
  madeOn,
  duration,
  endDate: null, // the rules compute the end from the duration
  prohibitions: [],
  passportSurrender: false,
  court,
  provenance,
  ...over,
});

const record = (convictions: Conviction[], orders: Order[]): SubjectRecord => ({
  ...emptySubjectRecord(),
  dateOfBirth: { value: '1980-01-01', provenance },
  convictions,
  orders,
});

const only = (r: SubjectRecord) => {
  const registrations = deriveRegistrations(r, table, TODAY);
  expect(registrations).toHaveLength(1);
  return registrations[0];
};

describe('without an SHPO', () => {
  it('a community order gives 5 years, ending the day before the fifth anniversary', () => {
    expect(only(record([conviction(COMMUNITY)], []))).toMatchObject({
      basis: 'CONVICTION',
      startDate: '2026-01-10',
      period: 'P5Y',
      periodEndDate: '2031-01-09',
      endDate: '2031-01-09',
      endDateReason: null,
    });
  });
});

describe('an SHPO extends a fixed-period registration to the order end', () => {
  it('a 10-year SHPO made at conviction extends 5 years to the order last day', () => {
    const r = only(record([conviction(COMMUNITY)], [order('SHPO-1', '2026-01-10', { years: 10 })]));
    expect(r).toMatchObject({
      period: 'P5Y',
      periodEndDate: '2031-01-09',
      endDate: '2036-01-09',
      endDateReason: { kind: 'EXTENDED_BY_ORDER', orderRef: 'SHPO-1' },
    });
  });

  it('an SHPO "until" a later date extends to that date', () => {
    const r = only(record([conviction(COMMUNITY)], [order('SHPO-1', '2026-01-10', { until: '2033-06-30' })]));
    expect(r).toMatchObject({
      periodEndDate: '2031-01-09',
      endDate: '2033-06-30',
      endDateReason: { kind: 'EXTENDED_BY_ORDER', orderRef: 'SHPO-1' },
    });
  });

  it('an indefinite SHPO makes the requirements indefinite', () => {
    const r = only(record([conviction(COMMUNITY)], [order('SHPO-1', '2026-01-10', { indefinite: true })]));
    expect(r).toMatchObject({
      periodEndDate: '2031-01-09',
      endDate: null,
      endDateReason: { kind: 'EXTENDED_BY_ORDER', orderRef: 'SHPO-1' },
    });
  });

  it('an SHPO ending sooner than the period changes nothing', () => {
    const r = only(record([conviction(COMMUNITY)], [order('SHPO-1', '2026-01-10', { years: 2 })]));
    expect(r).toMatchObject({ endDate: '2031-01-09', endDateReason: null });
  });

  it('an SHPO made on the last day of the period still extends it', () => {
    const r = only(record([conviction(COMMUNITY)], [order('SHPO-1', '2031-01-09', { years: 5 })]));
    expect(r).toMatchObject({
      endDate: '2036-01-08',
      endDateReason: { kind: 'EXTENDED_BY_ORDER', orderRef: 'SHPO-1' },
    });
  });

  it('of two SHPOs the one ending later decides, whatever their order in the record', () => {
    const seven = order('SHPO-7', '2026-01-10', { years: 7 });
    const ten = order('SHPO-10', '2026-01-10', { years: 10 });
    for (const orders of [
      [seven, ten],
      [ten, seven],
    ]) {
      expect(only(record([conviction(COMMUNITY)], orders))).toMatchObject({
        endDate: '2036-01-09',
        endDateReason: { kind: 'EXTENDED_BY_ORDER', orderRef: 'SHPO-10' },
      });
    }
  });

  it('leaves a registration pending sentence open, without a reason', () => {
    const r = only(record([conviction(null)], [order('SHPO-1', '2026-01-10', { years: 10 })]));
    expect(r).toMatchObject({ period: 'PENDING_SENTENCE', endDate: null, endDateReason: null });
  });
});

describe('an SHPO starts requirements when there are none', () => {
  it('for the life of a fixed-term order, from the day it is made', () => {
    expect(only(record([], [order('SHPO-1', '2026-03-01', { years: 5 })]))).toMatchObject({
      registrationId: 'order:SHPO-1',
      basis: 'ORDER',
      basisRef: 'SHPO-1',
      startDate: '2026-03-01',
      endDate: '2031-02-28',
      endDateReason: null,
    });
  });

  it('to the date of an order made "until" a date', () => {
    expect(only(record([], [order('SHPO-1', '2026-03-01', { until: '2029-12-31' })]))).toMatchObject({
      basis: 'ORDER',
      startDate: '2026-03-01',
      endDate: '2029-12-31',
    });
  });

  it('indefinitely for an indefinite order', () => {
    expect(only(record([], [order('SHPO-1', '2026-03-01', { indefinite: true })]))).toMatchObject({
      basis: 'ORDER',
      startDate: '2026-03-01',
      period: 'INDEFINITE',
      endDate: null,
    });
  });

  it('anew when the conviction period had already ended before the order was made', () => {
    const registrations = deriveRegistrations(
      record([conviction(COMMUNITY)], [order('SHPO-1', '2031-01-10', { years: 5 })]),
      table,
      TODAY,
    );
    expect(registrations).toEqual([
      expect.objectContaining({ basis: 'CONVICTION', endDate: '2031-01-09', endDateReason: null }),
      expect.objectContaining({ basis: 'ORDER', basisRef: 'SHPO-1', startDate: '2031-01-10', endDate: '2036-01-09' }),
    ]);
  });
});

describe('only an SHPO in force affects notification', () => {
  it.each(['SRO', 'RESTRAINING_ORDER'] as const)('an %s does not start requirements', (orderType) => {
    expect(
      deriveRegistrations(record([], [order('O-1', '2026-03-01', { years: 10 }, { orderType })]), table, TODAY),
    ).toEqual([]);
  });

  it.each(['SRO', 'RESTRAINING_ORDER'] as const)('an %s does not extend them', (orderType) => {
    const r = only(record([conviction(COMMUNITY)], [order('O-1', '2026-01-10', { years: 10 }, { orderType })]));
    expect(r).toMatchObject({ endDate: '2031-01-09', endDateReason: null });
  });

  it('a discharged SHPO no longer extends the requirements', () => {
    const discharged = order(
      'SHPO-1',
      '2026-01-10',
      { years: 10 },
      { status: 'DISCHARGED', dischargedOn: '2027-01-20', endDate: '2027-01-20' },
    );
    expect(only(record([conviction(COMMUNITY)], [discharged]))).toMatchObject({
      endDate: '2031-01-09',
      endDateReason: null,
    });
  });
});

describe('reviewBarredByOrder: no review of an indefinite requirement while an SHPO is in force', () => {
  it('an indefinite requirement is barred while an SHPO is in force', () => {
    const r = only(record([conviction(FOUR_YEARS)], [order('SHPO-1', '2026-01-10', { years: 5 })]));
    expect(r).toMatchObject({ period: 'INDEFINITE', reviewBarredByOrder: true });
  });

  it('is not barred without an SHPO', () => {
    expect(only(record([conviction(FOUR_YEARS)], []))).toMatchObject({
      period: 'INDEFINITE',
      reviewBarredByOrder: false,
    });
  });

  it('is not barred by a discharged SHPO', () => {
    const discharged = order(
      'SHPO-1',
      '2026-01-10',
      { years: 5 },
      { status: 'DISCHARGED', dischargedOn: '2027-01-20', endDate: '2027-01-20' },
    );
    expect(only(record([conviction(FOUR_YEARS)], [discharged]))).toMatchObject({ reviewBarredByOrder: false });
  });

  it('is not barred by an SRO', () => {
    expect(
      only(record([conviction(FOUR_YEARS)], [order('SRO-1', '2026-01-10', { years: 5 }, { orderType: 'SRO' })])),
    ).toMatchObject({ reviewBarredByOrder: false });
  });

  it('a fixed-period requirement has no review to bar', () => {
    expect(only(record([conviction(COMMUNITY)], [order('SHPO-1', '2026-01-10', { years: 10 })]))).toMatchObject({
      reviewBarredByOrder: false,
    });
  });

  it('an indefinite requirement started by an indefinite SHPO is barred by that SHPO', () => {
    expect(only(record([], [order('SHPO-1', '2026-03-01', { indefinite: true })]))).toMatchObject({
      reviewBarredByOrder: true,
    });
  });

  it('the indefinite requirement keeps its provisional review date (start + 15 years) while barred', () => {
    const r = only(record([conviction(FOUR_YEARS)], [order('SHPO-1', '2026-01-10', { years: 5 })]));
    expect(r).toMatchObject({ reviewEligibleFrom: '2041-01-10', reviewEligibleFromProvisional: true });
  });
});

describe('an SHPO that alone started the requirements, discharged (domain.md, events.md registration.ended)', () => {
  const discharged = (duration: OrderDuration) =>
    order('SHPO-1', '2026-03-01', duration, {
      status: 'DISCHARGED',
      dischargedOn: '2027-01-20',
      endDate: '2027-01-20',
    });

  it.each<[string, OrderDuration]>([
    ['a fixed-term order', { years: 5 }],
    ['an indefinite order', { indefinite: true }],
    ['an order "until" a date', { until: '2029-12-31' }],
  ])('%s: the registration is kept, ending on the discharge date, saying why', (_name, duration) => {
    expect(only(record([], [discharged(duration)]))).toMatchObject({
      registrationId: 'order:SHPO-1',
      basis: 'ORDER',
      startDate: '2026-03-01',
      endDate: '2027-01-20',
      endDateReason: { kind: 'ORDER_DISCHARGED', orderRef: 'SHPO-1' },
      reviewBarredByOrder: false,
    });
  });

  it('an ended indefinite requirement has no review left to wait for', () => {
    expect(only(record([], [discharged({ indefinite: true })]))).toMatchObject({
      reviewEligibleFrom: null,
      reviewEligibleFromProvisional: false,
    });
  });

  it('an SHPO that extended a period already over is discharged: the requirements end on the discharge date', () => {
    // 5 years from 2020-01-10 (last day 2025-01-09), extended by a 10-year SHPO made 2024-06-01, discharged 2027-01-20.
    const old = {
      ...conviction({ sentenceDate: '2020-01-10', disposal: 'COMMUNITY_ORDER' }),
      convictionDate: '2020-01-10',
    };
    const shpo = order(
      'SHPO-1',
      '2024-06-01',
      { years: 10 },
      { status: 'DISCHARGED', dischargedOn: '2027-01-20', endDate: '2027-01-20' },
    );
    expect(only(record([old], [shpo]))).toMatchObject({
      periodEndDate: '2025-01-09',
      endDate: '2027-01-20',
      endDateReason: { kind: 'ORDER_DISCHARGED', orderRef: 'SHPO-1' },
    });
  });
});

describe('reviewBarredByOrder: only while the SHPO is in force on the evaluation date', () => {
  // An indefinite requirement (48 months' custody on 2026-01-10) and a 1-year SHPO made 2026-01-10 (last day 2027-01-09).
  const shortShpo = order('SHPO-1', '2026-01-10', { years: 1 });

  it("barred on the SHPO's last day", () => {
    expect(deriveRegistrations(record([conviction(FOUR_YEARS)], [shortShpo]), table, '2027-01-09')[0]).toMatchObject({
      reviewBarredByOrder: true,
    });
  });

  it('no longer barred the day after a fixed-term SHPO has expired', () => {
    expect(deriveRegistrations(record([conviction(FOUR_YEARS)], [shortShpo]), table, '2027-01-10')[0]).toMatchObject({
      reviewBarredByOrder: false,
    });
  });

  it('no longer barred once an SHPO made "until" a date has passed it', () => {
    const until = order('SHPO-1', '2026-01-10', { until: '2026-12-31' });
    expect(deriveRegistrations(record([conviction(FOUR_YEARS)], [until]), table, '2027-01-01')[0]).toMatchObject({
      reviewBarredByOrder: false,
    });
  });

  it('an indefinite SHPO bars it whatever the date', () => {
    const indefinite = order('SHPO-1', '2026-01-10', { indefinite: true });
    expect(deriveRegistrations(record([conviction(FOUR_YEARS)], [indefinite]), table, '2099-01-01')[0]).toMatchObject({
      reviewBarredByOrder: true,
    });
  });
});
