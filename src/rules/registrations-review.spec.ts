import { emptySubjectRecord, type Conviction, type SubjectRecord } from '../canonical/subject-record';
import { loadNotificationPeriodTable } from './notification-period-table';
import { deriveRegistrations } from './registrations';

const table = loadNotificationPeriodTable('config/reference');
const provenance = { kind: 'COURT' as const, agency: 'court.x', messageId: 'm1', receivedAt: '2026-01-01T00:00:00Z' };
const notified = { ...provenance, kind: 'NOTIFICATION' as const, agency: 'police.x' };

const imprisoned: Conviction = {
  convictionId: 'U1/1',
  hearingKey: 'U1',
  court: { code: 'C', name: 'C', level: 'CROWN' },
  caseUrn: 'U1',
  offenceSequence: 1,
  offenceCode: 'SX03001',
  wording: 'w',
  finding: 'GUILTY',
  convictionDate: '2026-01-10',
  notificationCertificate: true,
  disposal: 'IMPRISONMENT',
  sentence: { sentenceDate: '2026-01-10', disposal: 'IMPRISONMENT', custodialTermMonths: 48 },
  provenance,
};

const record = (over: Partial<SubjectRecord>): SubjectRecord => ({
  ...emptySubjectRecord(),
  dateOfBirth: { value: '1980-01-01', provenance },
  convictions: [imprisoned],
  ...over,
});
const notification = (receivedOn: string) => ({
  notificationId: receivedOn,
  kind: 'INITIAL' as const,
  receivedOn,
  details: {},
  provenance: notified,
});

describe('the indefinite review date (s.91B)', () => {
  it('is start + 15 years, provisional, while the offender is in custody', () => {
    const [r] = deriveRegistrations(record({ notifications: [notification('2026-02-01')] }), table, '2030-01-01');
    expect(r).toMatchObject({
      period: 'INDEFINITE',
      reviewEligibleFrom: '2041-01-10',
      reviewEligibleFromProvisional: true,
    });
  });

  it('is fixed at 15 years from the first notification after release', () => {
    const custody = [{ eventId: 'r1', kind: 'RELEASED' as const, on: '2028-01-10', provenance }];
    const [r] = deriveRegistrations(
      record({
        custody,
        notifications: [notification('2028-01-20'), notification('2028-01-12'), notification('2027-06-01')],
      }),
      table,
      '2030-01-01',
    );
    expect(r).toMatchObject({ reviewEligibleFrom: '2043-01-12', reviewEligibleFromProvisional: false });
  });
});
