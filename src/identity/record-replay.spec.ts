import { describe, expect, it } from '@jest/globals';
import type { PersonClaim, RecordHearingResult } from '../canonical/commands';
import type { Provenance } from '../canonical/provenance';
import { loadNotificationPeriodTable } from '../rules/notification-period-table';
import { todayInLondon } from '../canonical/civil-date';
import { applyCommand } from '../subjects/apply-command';
import { loadResponsibilityReference } from '../responsibility/responsibility-reference';
import { replayRecord, sameRecord } from './record-replay';

const table = loadNotificationPeriodTable('config/reference');
const places = loadResponsibilityReference('config/reference');
const court = { code: 'C2301', name: 'Leeds Crown Court', level: 'CROWN' as const };
const provenance = (messageId: string): Provenance => ({
  kind: 'COURT',
  agency: 'court.leeds-crown',
  messageId,
  receivedAt: '2026-10-14T16:32:10Z',
});
const person = (forenames: string, pnc: string): PersonClaim => ({
  forenames,
  surname: 'JONES',
  aliases: [],
  dateOfBirth: '1990-05-05',
  identifiers: [{ scheme: 'PNC', value: pnc }],
});
const hearing = (who: PersonClaim, urn: string, disposal: 'COMMUNITY_ORDER' | 'IMPRISONMENT'): RecordHearingResult => ({
  kind: 'RECORD_HEARING_RESULT',
  person: who,
  court,
  caseUrn: urn,
  hearingDate: '2026-10-14',
  findings: [
    {
      sequence: 1,
      offenceCode: 'SX03014',
      wording: 'Sexual assault',
      finding: 'GUILTY',
      convictionDate: '2026-09-30',
      notificationCertificate: true,
    },
  ],
  sentence: {
    sentenceDate: '2026-10-14',
    disposal,
    ...(disposal === 'IMPRISONMENT' ? { custodialTermMonths: 36 } : {}),
  },
  orders: [],
});

const one = [
  { command: hearing(person('Mary', '2010/1111111F'), 'URN-1', 'COMMUNITY_ORDER'), provenance: provenance('m1') },
];
const two = [
  { command: hearing(person('Maria', '2011/2222222A'), 'URN-2', 'IMPRISONMENT'), provenance: provenance('m2') },
];

describe('records rebuilt from their commands', () => {
  it('equals the record ingestion built one command at a time', () => {
    const built = applyCommand(
      applyCommand(
        replayRecord([], table, places),
        true,
        one[0].command,
        one[0].provenance,
        table,
        todayInLondon(new Date(one[0].provenance.receivedAt)),
        places,
      ).record,
      false,
      two[0].command,
      two[0].provenance,
      table,
      todayInLondon(new Date(two[0].provenance.receivedAt)),
      places,
    ).record;
    expect(sameRecord(replayRecord([...one, ...two], table, places), built)).toBe(true);
  });

  it('merged then split, each side is exactly what it was, registrations derived for it alone', () => {
    const merged = replayRecord([...one, ...two], table, places);
    expect(merged.registrations.map((r) => r.period).sort()).toEqual(['INDEFINITE', 'P5Y']);
    const split = replayRecord(one, table, places);
    expect(split.convictions.map((c) => c.caseUrn)).toEqual(['URN-1']);
    expect(split.registrations.map((r) => r.period)).toEqual(['P5Y']);
    expect(split.identifiers.map((i) => i.provenance.messageId)).toEqual(['m1']);
  });

  it('compares as stored: key order and undefined members do not matter, a changed provenance does', () => {
    const record = replayRecord(one, table, places);
    const reordered = JSON.parse(
      JSON.stringify({ ...record, names: record.names, dateOfBirth: record.dateOfBirth, nationality: undefined }),
    );
    expect(sameRecord(record, reordered)).toBe(true);
    const moved = structuredClone(record);
    moved.convictions[0].provenance.messageId = 'm2';
    expect(sameRecord(record, moved)).toBe(false);
  });
});
