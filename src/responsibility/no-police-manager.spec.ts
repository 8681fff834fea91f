import { describe, expect, it } from '@jest/globals';
import { emptySubjectRecord, type ResponsibilityFact, type SubjectRecord } from '../canonical/subject-record';
import { noPoliceManagerGaps } from './no-police-manager';

const provenance = { kind: 'COURT' as const, agency: 'court.x', messageId: 'm1', receivedAt: '2026-01-01T00:00:00Z' };
const fact = (kind: ResponsibilityFact['kind'], area: string, to?: string): ResponsibilityFact => ({
  kind,
  area,
  from: '2026-01-10',
  ...(to ? { to } : {}),
  provenance,
});
const registered = (facts: ResponsibilityFact[], endDate: string | null = '2031-01-09'): SubjectRecord => ({
  ...emptySubjectRecord(),
  registrations: [
    {
      registrationId: 'R1',
      basis: 'CONVICTION',
      basisRef: 'H1',
      startDate: '2026-01-10',
      period: 'P5Y',
      periodEndDate: '2031-01-09',
      endDate,
      endDateReason: null,
      reviewEligibleFrom: null,
      reviewEligibleFromProvisional: false,
      reviewBarredByOrder: false,
      juvenile: false,
      provenance,
    },
  ],
  responsibility: facts,
});
const gaps = (r: SubjectRecord) =>
  noPoliceManagerGaps(r, '2026-01-14').map((e) => [e.type, (e.data.responsibility as any).gap]);

describe('NO_POLICE_MANAGER gaps', () => {
  it('open where the person lives, one event per area, judged there alone', () => {
    expect(gaps(registered([fact('CONVICTING_COURT', 'WYP'), fact('RESIDENCE', 'NYP')]))).toEqual([
      ['responsibility.gap', { kind: 'NO_POLICE_MANAGER', area: 'NYP', from: '2026-01-14' }],
    ]);
  });

  it('with no known residence, where the person is held responsible now (the convicting court)', () => {
    expect(gaps(registered([fact('CONVICTING_COURT', 'WYP'), fact('RESIDENCE', 'GMP', '2026-01-12')]))).toEqual([
      ['responsibility.gap', { kind: 'NO_POLICE_MANAGER', area: 'WYP', from: '2026-01-14' }],
    ]);
  });

  it('none while a police force manages the person, nor once the requirements have ended', () => {
    expect(gaps(registered([fact('RESIDENCE', 'WYP'), fact('POLICE_MANAGER', 'WYP')]))).toEqual([]);
    expect(gaps(registered([fact('RESIDENCE', 'WYP')], '2026-01-13'))).toEqual([]);
  });
});
