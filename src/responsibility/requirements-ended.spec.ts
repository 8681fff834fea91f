import { describe, expect, it } from '@jest/globals';
import { emptySubjectRecord, type ResponsibilityFact, type SubjectRecord } from '../canonical/subject-record';
import { endPoliceManagement } from './requirements-ended';

const provenance = { kind: 'PNC' as const, agency: 'police.x', messageId: 'm1', receivedAt: '2026-01-01T00:00:00Z' };
const fact = (kind: ResponsibilityFact['kind'], area: string): ResponsibilityFact => ({
  kind,
  area,
  from: '2026-01-10',
  provenance,
});
const record = (endDate: string, facts: ResponsibilityFact[]): SubjectRecord => ({
  ...emptySubjectRecord(),
  registrations: [
    {
      registrationId: 'R1',
      basis: 'CONVICTION',
      basisRef: 'H1',
      startDate: '2026-01-10',
      period: 'P2Y',
      periodEndDate: endDate,
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

describe('police management ends with the requirements', () => {
  it('closes POLICE_MANAGER the day after the last day, raising responsibility.changed when the areas move', () => {
    const ended = endPoliceManagement(
      record('2028-01-09', [fact('RESIDENCE', 'GMP'), fact('POLICE_MANAGER', 'WYP')]),
      '2028-01-10',
    )!;
    expect(ended.record.responsibility!.find((f) => f.kind === 'POLICE_MANAGER')).toMatchObject({
      area: 'WYP',
      to: '2028-01-10',
    });
    expect(ended.event!.data.responsibility).toMatchObject({
      before: ['GMP', 'WYP'],
      after: ['GMP'],
      reason: 'REQUIREMENTS_ENDED',
    });
  });

  it('closes it without an event when the areas stay, and does nothing while the requirements run', () => {
    const same = endPoliceManagement(
      record('2028-01-09', [fact('RESIDENCE', 'WYP'), fact('POLICE_MANAGER', 'WYP')]),
      '2028-01-10',
    )!;
    expect(same.event).toBeNull();
    expect(same.record.responsibility!.every((f) => f.kind !== 'POLICE_MANAGER' || f.to === '2028-01-10')).toBe(true);
    expect(endPoliceManagement(record('2028-01-09', [fact('POLICE_MANAGER', 'WYP')]), '2028-01-09')).toBeNull();
  });
});
