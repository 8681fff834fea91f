import { describe, expect, it } from '@jest/globals';
import type { MappaAction, MappaMeeting, SubjectRecord } from '../canonical/subject-record';
import { handoverPackage } from './handover-package';

const provenance = {
  kind: 'MAPPA_UNIT',
  agency: 'mappa.west-yorkshire',
  messageId: 'm-1',
  receivedAt: '2026-11-01T10:00:00Z',
};
const action = (actionId: string, status: MappaAction['status']): MappaAction =>
  ({
    actionId,
    description: `action ${actionId}`,
    owner: { agency: 'police.west-yorkshire' },
    dueOn: '2026-12-01',
    status,
    provenance,
  }) as unknown as MappaAction;
const meeting = (meetingId: string, actions: MappaAction[]): MappaMeeting =>
  ({ meetingId, actions }) as unknown as MappaMeeting;

describe('handoverPackage', () => {
  it('hands over the open and blocked MAPPA actions of every meeting, and not the closed ones', () => {
    const record = {
      mappaMeetings: [
        meeting('MTG-1', [action('A-1', 'OPEN'), action('A-2', 'DONE')]),
        meeting('MTG-2', [action('A-3', 'BLOCKED'), action('A-4', 'CANCELLED')]),
      ],
    } as unknown as SubjectRecord;
    const actions = (handoverPackage(record).mappa as { actions: { meetingId: string; actionId: string }[] }).actions;
    expect(actions.map((a) => [a.meetingId, a.actionId])).toEqual([
      ['MTG-1', 'A-1'],
      ['MTG-2', 'A-3'],
    ]);
  });

  it('has no actions to hand over for a person no meeting discussed', () => {
    expect((handoverPackage({} as SubjectRecord).mappa as { actions: unknown[] }).actions).toEqual([]);
  });
});
