import { emptySubjectRecord, type Conviction, type Order, type Registration, type SubjectRecord } from '../canonical/subject-record';
import { loadDeadlineRules } from './deadline-rules';
import { deriveDeadlines } from './deadlines';

const rules = loadDeadlineRules('config/reference');
const provenance = { kind: 'COURT' as const, agency: 'court.x', messageId: 'm1', receivedAt: '2026-01-01T00:00:00Z' };

function registration(over: Partial<Registration>): Registration {
  return {
    registrationId: 'R1', basis: 'CONVICTION', basisRef: 'H1', startDate: '2026-01-10', period: 'P5Y', periodEndDate: '2031-01-09', endDate: '2031-01-09',
    endDateReason: null, reviewEligibleFrom: null, reviewEligibleFromProvisional: false, reviewBarredByOrder: false, juvenile: false, provenance, ...over,
  };
}

function conviction(disposal: Conviction['disposal']): Conviction {
  return {
    convictionId: 'H1#1', hearingKey: 'H1', court: { code: 'C', name: 'C', level: 'CROWN' }, caseUrn: 'U', offenceSequence: 1, offenceCode: 'SX03014', wording: 'w',
    finding: 'GUILTY', convictionDate: '2026-01-10', notificationCertificate: true, disposal, sentence: null, provenance,
  };
}

function order(over: Partial<Order>): Order {
  return {
    orderRef: 'O1', orderType: 'SHPO', status: 'ACTIVE', madeOn: '2024-02-29', duration: { indefinite: true }, endDate: null,
    prohibitions: [{ code: 'FOREIGN_TRAVEL_PROHIBITED', text: 'no travel' }], passportSurrender: false, court: { code: 'C', name: 'C', level: 'CROWN' }, provenance, ...over,
  };
}

const record = (over: Partial<SubjectRecord>): SubjectRecord => ({ ...emptySubjectRecord(), ...over });
const summary = (r: SubjectRecord) => deriveDeadlines(r, rules).map((d) => [d.kind, d.ref, d.dueOn, d.provisional]);

describe('deriveDeadlines', () => {
  it('a non-custodial registration: initial notification within 3 days, and its end', () => {
    expect(summary(record({ registrations: [registration({})], convictions: [conviction('COMMUNITY_ORDER')] }))).toEqual([
      ['INITIAL_NOTIFICATION', 'R1', '2026-01-13', false],
      ['REGISTRATION_END', 'R1', '2031-01-09', false],
    ]);
  });

  it('a custodial sentence: the initial notification clock waits for release', () => {
    expect(summary(record({ registrations: [registration({})], convictions: [conviction('IMPRISONMENT')] })).map((d) => d[0])).toEqual(['REGISTRATION_END']);
  });

  it('an indefinite requirement: review eligibility, provisional until the first notification after release', () => {
    const indefinite = registration({ period: 'INDEFINITE', endDate: null, periodEndDate: null, reviewEligibleFrom: '2034-01-10', reviewEligibleFromProvisional: true, juvenile: true });
    expect(summary(record({ registrations: [indefinite], convictions: [conviction('IMPRISONMENT')] }))).toEqual([['INDEFINITE_REVIEW_ELIGIBILITY', 'R1', '2034-01-10', true]]);
  });

  it('no review eligibility clock while an SHPO bars the review', () => {
    const barred = registration({ period: 'INDEFINITE', endDate: null, reviewEligibleFrom: '2041-01-10', reviewBarredByOrder: true });
    expect(summary(record({ registrations: [barred], convictions: [conviction('IMPRISONMENT')] }))).toEqual([]);
  });

  it('a foreign travel prohibition made on a leap day lapses after 5 years (last day 2029-02-27)', () => {
    expect(summary(record({ orders: [order({})] }))).toEqual([['FOREIGN_TRAVEL_PROHIBITION_LAPSE', 'O1#FOREIGN_TRAVEL_PROHIBITED', '2029-02-27', false]]);
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
    expect(summary(record({ orders: [order({ status: 'DISCHARGED', dischargedOn: '2025-01-01', endDate: '2030-01-01' })] }))).toEqual([]);
  });
});
