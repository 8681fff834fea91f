import {
  emptySubjectRecord,
  type Conviction,
  type Order,
  type Registration,
  type SubjectRecord,
} from '../canonical/subject-record';
import { loadDeadlineRules } from './deadline-rules';
import { deadlineProvenance, deriveDeadlines } from './deadlines';

const rules = loadDeadlineRules('config/reference');
const provenance = { kind: 'COURT' as const, agency: 'court.x', messageId: 'm1', receivedAt: '2026-01-01T00:00:00Z' };

function registration(over: Partial<Registration>): Registration {
  return {
    registrationId: 'R1',
    basis: 'CONVICTION',
    basisRef: 'H1',
    startDate: '2026-01-10',
    period: 'P5Y',
    periodEndDate: '2031-01-09',
    endDate: '2031-01-09',
    endDateReason: null,
    reviewEligibleFrom: null,
    reviewEligibleFromProvisional: false,
    reviewBarredByOrder: false,
    juvenile: false,
    provenance,
    ...over,
  };
}

function conviction(disposal: Conviction['disposal']): Conviction {
  return {
    convictionId: 'H1#1',
    hearingKey: 'H1',
    court: { code: 'C', name: 'C', level: 'CROWN' },
    caseUrn: 'U',
    offenceSequence: 1,
    offenceCode: 'SX03014',
    wording: 'w',
    finding: 'GUILTY',
    convictionDate: '2026-01-10',
    notificationCertificate: true,
    disposal,
    sentence: null,
    provenance,
  };
}

function order(over: Partial<Order>): Order {
  return {
    orderRef: 'O1',
    orderType: 'SHPO',
    status: 'ACTIVE',
    madeOn: '2024-02-29',
    duration: { indefinite: true },
    endDate: null,
    prohibitions: [{ code: 'FOREIGN_TRAVEL_PROHIBITED', text: 'no travel' }],
    passportSurrender: false,
    court: { code: 'C', name: 'C', level: 'CROWN' },
    provenance,
    ...over,
  };
}

const record = (over: Partial<SubjectRecord>): SubjectRecord => ({ ...emptySubjectRecord(), ...over });
const summary = (r: SubjectRecord) => deriveDeadlines(r, rules).map((d) => [d.kind, d.ref, d.dueOn, d.provisional]);

describe('deriveDeadlines', () => {
  it('a non-custodial registration: initial notification and a managing police force within 3 days, and its end', () => {
    expect(
      summary(record({ registrations: [registration({})], convictions: [conviction('COMMUNITY_ORDER')] })),
    ).toEqual([
      ['INITIAL_NOTIFICATION', 'R1', '2026-01-13', false],
      ['POLICE_MANAGER', 'R1', '2026-01-13', false],
      ['REGISTRATION_END', 'R1', '2031-01-09', false],
    ]);
  });

  it('the police manager clock is met while a police force manages the person (responsibility.md)', () => {
    const managed = (to?: string) =>
      record({
        registrations: [registration({})],
        convictions: [conviction('COMMUNITY_ORDER')],
        responsibility: [
          {
            kind: 'POLICE_MANAGER',
            agency: 'police.x',
            area: 'WYP',
            from: '2026-01-11',
            ...(to ? { to } : {}),
            provenance,
          },
        ],
      });
    const clock = (r: SubjectRecord) => deriveDeadlines(r, rules).find((d) => d.kind === 'POLICE_MANAGER')!;
    expect(clock(managed()).met).toBe(true);
    // A period that ended is no manager now.
    expect(clock(managed('2026-01-12')).met).toBe(false);
    expect(rules.POLICE_MANAGER).toMatchObject({ days: 3, onPassing: 'RESPONSIBILITY_GAP' });
  });

  it('a custodial sentence: the initial notification clock waits for release', () => {
    expect(
      summary(record({ registrations: [registration({})], convictions: [conviction('IMPRISONMENT')] })).map(
        (d) => d[0],
      ),
    ).toEqual(['REGISTRATION_END']);
  });

  it('an indefinite requirement: review eligibility, provisional until the first notification after release', () => {
    const indefinite = registration({
      period: 'INDEFINITE',
      endDate: null,
      periodEndDate: null,
      reviewEligibleFrom: '2034-01-10',
      reviewEligibleFromProvisional: true,
      juvenile: true,
    });
    expect(summary(record({ registrations: [indefinite], convictions: [conviction('IMPRISONMENT')] }))).toEqual([
      ['INDEFINITE_REVIEW_ELIGIBILITY', 'R1', '2034-01-10', true],
    ]);
  });

  it('no review eligibility clock while an indefinite SHPO bars the review', () => {
    const barred = registration({
      period: 'INDEFINITE',
      endDate: null,
      reviewEligibleFrom: '2041-01-10',
      reviewBarredByOrder: true,
    });
    const shpo = order({ madeOn: '2026-01-10', prohibitions: [] });
    expect(
      summary(record({ registrations: [barred], convictions: [conviction('IMPRISONMENT')], orders: [shpo] })),
    ).toEqual([]);
  });

  describe('a fixed-term SHPO bars the review only while in force', () => {
    const indefinite = registration({
      period: 'INDEFINITE',
      endDate: null,
      periodEndDate: null,
      reviewEligibleFrom: '2041-01-10',
      reviewEligibleFromProvisional: true,
      reviewBarredByOrder: true,
    });
    const review = (orders: Order[]) =>
      summary(record({ registrations: [indefinite], convictions: [conviction('IMPRISONMENT')], orders })).filter(
        (d) => d[0] === 'INDEFINITE_REVIEW_ELIGIBILITY',
      );

    it('one that ends before the review date leaves the statutory date alone', () => {
      const shpo = order({ madeOn: '2026-01-10', duration: { years: 5 }, endDate: '2031-01-09', prohibitions: [] });
      expect(review([shpo])).toEqual([['INDEFINITE_REVIEW_ELIGIBILITY', 'R1', '2041-01-10', true]]);
    });

    it('one still in force on the review date moves eligibility to the day after it ends', () => {
      const shpo = order({ madeOn: '2038-03-01', duration: { years: 5 }, endDate: '2043-02-28', prohibitions: [] });
      expect(review([shpo])).toEqual([['INDEFINITE_REVIEW_ELIGIBILITY', 'R1', '2043-03-01', true]]);
    });

    it('orders in force back to back bar it until the last one ends', () => {
      const first = order({
        orderRef: 'O1',
        madeOn: '2038-03-01',
        duration: { years: 5 },
        endDate: '2043-02-28',
        prohibitions: [],
      });
      const second = order({
        orderRef: 'O2',
        madeOn: '2043-01-01',
        duration: { until: '2045-06-30' },
        endDate: '2045-06-30',
        prohibitions: [],
      });
      expect(review([second, first])).toEqual([['INDEFINITE_REVIEW_ELIGIBILITY', 'R1', '2045-07-01', true]]);
    });

    it('a discharged one does not bar it', () => {
      const shpo = order({
        madeOn: '2038-03-01',
        status: 'DISCHARGED',
        dischargedOn: '2039-01-01',
        endDate: '2039-01-01',
        prohibitions: [],
      });
      expect(review([shpo])).toEqual([['INDEFINITE_REVIEW_ELIGIBILITY', 'R1', '2041-01-10', true]]);
    });
  });

  it('a registration ended by the discharge of its SHPO has no end clock (registration.ended was raised on the discharge)', () => {
    const ended = registration({
      basis: 'ORDER',
      basisRef: 'O1',
      endDate: '2027-01-20',
      endDateReason: { kind: 'ORDER_DISCHARGED', orderRef: 'O1' },
    });
    expect(summary(record({ registrations: [ended] })).map((d) => d[0])).not.toContain('REGISTRATION_END');
  });

  it('a foreign travel prohibition made on a leap day lapses after 5 years (last day 2029-02-27)', () => {
    expect(summary(record({ orders: [order({})] }))).toEqual([
      ['FOREIGN_TRAVEL_PROHIBITION_LAPSE', 'O1#FOREIGN_TRAVEL_PROHIBITED', '2029-02-27', false],
    ]);
  });

  it('an earlier end set by the court, or of the order itself, wins over 5 years', () => {
    const until = order({ prohibitions: [{ code: 'FOREIGN_TRAVEL_PROHIBITED', text: 't', until: '2026-12-31' }] });
    expect(summary(record({ orders: [until] }))[0][2]).toBe('2026-12-31');
    const short = order({ duration: { years: 2 }, endDate: '2026-02-27' });
    expect(summary(record({ orders: [short] }))).toEqual([
      ['ORDER_EXPIRY', 'O1', '2026-02-27', false],
      ['FOREIGN_TRAVEL_PROHIBITION_LAPSE', 'O1#FOREIGN_TRAVEL_PROHIBITED', '2026-02-27', false],
    ]);
  });

  it('a variation renews the 5 years from the variation date', () => {
    expect(summary(record({ orders: [order({ variedOn: '2027-06-01' })] }))[0][2]).toBe('2032-05-31');
  });

  it('a discharged order keeps no clocks', () => {
    expect(
      summary(record({ orders: [order({ status: 'DISCHARGED', dischargedOn: '2025-01-01', endDate: '2030-01-01' })] })),
    ).toEqual([]);
  });

  describe('change of details and foreign travel, from what other agencies and the police tell the hub', () => {
    const base = { registrations: [registration({})], convictions: [conviction('COMMUNITY_ORDER')] };
    const probation = {
      kind: 'PROBATION' as const,
      agency: 'probation.x',
      messageId: 'p1',
      receivedAt: '2026-06-02T09:00:00Z',
    };
    const notified = {
      kind: 'NOTIFICATION' as const,
      agency: 'police.x',
      messageId: 'n1',
      receivedAt: '2026-06-03T09:00:00Z',
    };
    const moved = {
      line1: '1 New Street',
      town: 'Leeds',
      postcode: 'LS1 1AA',
      from: '2026-06-01',
      provenance: probation,
    };
    const notification = (kind: 'CHANGE_OF_DETAILS' | 'FOREIGN_TRAVEL', receivedOn: string, details = {}) => ({
      notificationId: `N-${kind}-${receivedOn}`,
      kind,
      receivedOn,
      details,
      provenance: notified,
    });
    const clocks = (r: SubjectRecord, kind: string) =>
      deriveDeadlines(r, rules)
        .filter((d) => d.kind === kind)
        .map((d) => [d.ref, d.dueOn, d.met]);

    it('a move probation reports starts a 3-day clock from the move', () => {
      expect(clocks(record({ ...base, address: moved }), 'CHANGE_OF_DETAILS')).toEqual([
        ['address:2026-06-01', '2026-06-04', false],
      ]);
    });

    it('the offender notifying the change meets it', () => {
      const r = record({ ...base, address: moved, notifications: [notification('CHANGE_OF_DETAILS', '2026-06-03')] });
      expect(clocks(r, 'CHANGE_OF_DETAILS')).toEqual([['address:2026-06-01', '2026-06-04', true]]);
    });

    it('no clock for an address without a move date, one notified by the offender, or a move outside the requirements', () => {
      expect(clocks(record({ ...base, address: { ...moved, from: undefined } }), 'CHANGE_OF_DETAILS')).toEqual([]);
      expect(clocks(record({ ...base, address: { ...moved, provenance: notified } }), 'CHANGE_OF_DETAILS')).toEqual([]);
      expect(clocks(record({ ...base, address: { ...moved, from: '2025-12-01' } }), 'CHANGE_OF_DETAILS')).toEqual([]);
    });

    it('foreign travel notified before departure is met; notified after it, the clock is open and late', () => {
      const early = notification('FOREIGN_TRAVEL', '2026-07-01', {
        destination: 'ES',
        departOn: '2026-07-10',
        returnOn: '2026-07-17',
      });
      const late = notification('FOREIGN_TRAVEL', '2026-08-12', { destination: 'FR', departOn: '2026-08-09' });
      expect(clocks(record({ ...base, notifications: [early, late] }), 'FOREIGN_TRAVEL')).toEqual([
        [`travel:${early.notificationId}`, '2026-07-10', true],
        [`travel:${late.notificationId}`, '2026-08-09', false],
      ]);
    });

    it('a clock carries the provenance of the fact it derives from: travel and annual clocks are NOTIFICATION data', () => {
      const late = notification('FOREIGN_TRAVEL', '2026-08-12', { destination: 'FR', departOn: '2026-08-09' });
      const r = record({ ...base, address: moved, notifications: [late] });
      const byKind = Object.fromEntries(deriveDeadlines(r, rules).map((d) => [d.kind, d.provenance]));
      expect(byKind).toMatchObject({
        FOREIGN_TRAVEL: 'NOTIFICATION',
        ANNUAL_NOTIFICATION: 'NOTIFICATION',
        CHANGE_OF_DETAILS: 'PROBATION',
        INITIAL_NOTIFICATION: 'COURT',
      });
      // The clock finds it again from the record when it raises the deadline's events.
      expect(deadlineProvenance(r, rules, 'FOREIGN_TRAVEL', `travel:${late.notificationId}`)).toBe('NOTIFICATION');
      expect(deadlineProvenance(r, rules, 'FOREIGN_TRAVEL', 'travel:unknown')).toBeNull();
    });
  });

  describe('licence end and release planning (responsibility.md)', () => {
    const licence = { startDate: '2026-03-01', expiryDate: '2027-03-01', conditions: [], provenance };

    it('a licence expiry is due on the expiry date, raised 28 days before; none once supervision has ended', () => {
      expect(summary(record({ licence }))).toEqual([['LICENCE_EXPIRY', 'licence:2026-03-01', '2027-03-01', false]]);
      expect(deriveDeadlines(record({ licence }), rules)[0]).toMatchObject({ kind: 'LICENCE_EXPIRY' });
      expect(rules.LICENCE_EXPIRY.leadDays).toBe(28);
      expect(
        summary(record({ licence, supervisionEnded: { endedOn: '2026-09-01', reason: 'ended', provenance } })),
      ).toEqual([]);
    });

    it('a scheduled release starts release planning releasePlanningDays (28) before it', () => {
      const releasePlan = {
        eventId: 'P1',
        expectedOn: '2027-01-29',
        releaseType: 'LICENCE',
        releaseArea: 'WYP',
        establishment: 'HMP Leeds',
        provenance,
      };
      expect(summary(record({ releasePlan }))).toEqual([['RELEASE_PLANNING', 'release:P1', '2027-01-01', false]]);
    });
  });
});
