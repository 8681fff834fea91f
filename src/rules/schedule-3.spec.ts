import { emptySubjectRecord, type Conviction, type SubjectRecord } from '../canonical/subject-record';
import { loadSchedule3, schedule3Flags } from './schedule-3';

const schedule = loadSchedule3('config/reference');
const provenance = { kind: 'COURT' as const, agency: 'court.x', messageId: 'm1', receivedAt: '2026-01-01T00:00:00Z' };

function convicted(
  offenceCode: string,
  certificate: boolean,
  disposal: Conviction['disposal'],
  custodialTermMonths?: number,
): Conviction {
  return {
    convictionId: `H1#${offenceCode}`,
    hearingKey: 'H1',
    court: { code: 'C', name: 'C', level: 'YOUTH' },
    caseUrn: 'U',
    offenceSequence: 1,
    offenceCode,
    wording: 'w',
    finding: 'GUILTY',
    convictionDate: '2026-11-02',
    notificationCertificate: certificate,
    disposal,
    sentence: disposal
      ? { sentenceDate: '2026-11-02', disposal, ...(custodialTermMonths ? { custodialTermMonths } : {}) }
      : null,
    provenance,
  };
}

const person = (dateOfBirth: string | null, ...convictions: Conviction[]): SubjectRecord => ({
  ...emptySubjectRecord(),
  dateOfBirth: dateOfBirth ? { value: dateOfBirth, provenance } : null,
  convictions,
});

const YOUTH = '2010-06-01'; // 16 on 2026-11-02
const ADULT = '1986-02-28';

describe('Schedule 3 data-quality flag', () => {
  it('flags a listed offence with no threshold convicted without a certificate', () => {
    expect(schedule3Flags(person(YOUTH, convicted('SX03005', false, 'YOUTH_REHABILITATION_ORDER')), schedule)).toEqual([
      expect.objectContaining({ kind: 'SCHEDULE_3_WITHOUT_CERTIFICATE', ref: 'H1#SX03005' }),
    ]);
  });

  it('never flags when the court certified it, or the offence is not listed', () => {
    expect(
      schedule3Flags(
        person(YOUTH, convicted('SX03005', true, 'YOUTH_REHABILITATION_ORDER'), convicted('TH68001', false, 'FINE')),
        schedule,
      ),
    ).toEqual([]);
  });

  it('under 18: flags only at 12 months custody or more for offences with that threshold', () => {
    expect(schedule3Flags(person(YOUTH, convicted('SX03009', false, 'YOUTH_REHABILITATION_ORDER')), schedule)).toEqual(
      [],
    );
    expect(schedule3Flags(person(YOUTH, convicted('SX03009', false, 'IMPRISONMENT', 11)), schedule)).toEqual([]);
    expect(schedule3Flags(person(YOUTH, convicted('SX03009', false, 'IMPRISONMENT', 12)), schedule)).toHaveLength(1);
  });

  it('an adult convicted of a child-threshold offence is flagged whatever the sentence', () => {
    expect(schedule3Flags(person(ADULT, convicted('SX03009', false, 'FINE')), schedule)).toHaveLength(1);
  });

  it('flags when the thresholds cannot be evaluated: no date of birth, or sentence adjourned', () => {
    expect(
      schedule3Flags(person(null, convicted('SX03009', false, 'YOUTH_REHABILITATION_ORDER')), schedule),
    ).toHaveLength(1);
    expect(schedule3Flags(person(YOUTH, convicted('SX03009', false, null)), schedule)).toHaveLength(1);
  });
});
