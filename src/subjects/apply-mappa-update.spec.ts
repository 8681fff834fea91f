import { describe, expect, it } from '@jest/globals';
import type { RecordMappaActionUpdate, RecordMappaMeeting } from '../canonical/commands';
import type { Provenance } from '../canonical/provenance';
import { emptySubjectRecord } from '../canonical/subject-record';
import { deriveDeadlines } from '../rules/deadlines';
import { loadDeadlineRules } from '../rules/deadline-rules';
import { applyMappaUpdate, mappaCommandErrors } from './apply-mappa-update';
import { canonicalView } from './subject-read-model';

const UNIT = 'mappa.west-yorkshire';
const provenance: Provenance = { kind: 'MAPPA', agency: UNIT, messageId: 'm1', receivedAt: '2026-11-30T16:00:00Z' };
const person = { forenames: 'J', surname: 'S', aliases: [], dateOfBirth: '1986-02-28', identifiers: [] };
const meeting: RecordMappaMeeting = {
  kind: 'RECORD_MAPPA_MEETING',
  person,
  eventId: 'E1',
  meeting: {
    meetingId: 'MM-1',
    area: 'WYP',
    heldOn: '2026-11-30',
    level: 2,
    chair: { name: 'C', agency: 'probation.yorkshire' },
    attendees: [{ agency: 'police.west-yorkshire' }],
    riskSummary: 'High',
    decisions: ['Visit'],
    actions: [
      { actionId: 'A1', description: 'Visit', owner: { agency: 'police.west-yorkshire' }, dueOn: '2026-12-10' },
    ],
  },
};
const update = (over: Partial<RecordMappaActionUpdate['update']>): RecordMappaActionUpdate => ({
  kind: 'RECORD_MAPPA_ACTION_UPDATE',
  person,
  eventId: 'E2',
  update: { meetingId: 'MM-1', actionId: 'A1', status: 'DONE', updatedOn: '2026-12-05', ...over },
});
const rules = loadDeadlineRules('config/reference');

describe('MAPPA minutes and actions on the record', () => {
  it('a meeting raises mappa.meeting.held and one mappa.action.assigned per action; its actions open', () => {
    const record = emptySubjectRecord();
    const events = applyMappaUpdate(record, meeting, provenance);
    expect(events.map((e) => e.type)).toEqual(['mappa.meeting.held', 'mappa.action.assigned']);
    expect(record.mappaMeetings![0]).toMatchObject({ unit: UNIT, actions: [{ actionId: 'A1', status: 'OPEN' }] });
    expect(mappaCommandErrors(record, meeting, UNIT)).toEqual([
      { path: 'meeting.meetingId', message: 'is already recorded for this person' },
    ]);
  });

  it('an action keeps a MAPPA_ACTION clock and its escalation escalateAfterDays later, met once done', () => {
    const record = emptySubjectRecord();
    applyMappaUpdate(record, meeting, provenance);
    const clocks = () =>
      deriveDeadlines(record, rules)
        .filter((d) => d.kind.startsWith('MAPPA'))
        .map(({ kind, ref, dueOn, met }) => ({ kind, ref, dueOn, met }));
    expect(clocks()).toEqual([
      { kind: 'MAPPA_ACTION', ref: 'MM-1#A1', dueOn: '2026-12-10', met: false },
      { kind: 'MAPPA_ACTION_ESCALATED', ref: 'MM-1#A1', dueOn: '2026-12-15', met: false },
    ]);
    expect(applyMappaUpdate(record, update({ status: 'BLOCKED' }), provenance).map((e) => e.type)).toEqual([
      'mappa.action.updated',
    ]);
    expect(clocks().every((c) => !c.met)).toBe(true); // blocked is still open
    // The same status again is no news.
    expect(applyMappaUpdate(record, update({ status: 'BLOCKED', updatedOn: '2026-12-06' }), provenance)).toEqual([]);
    applyMappaUpdate(record, update({ status: 'DONE', updatedOn: '2026-12-07' }), provenance);
    expect(clocks().every((c) => c.met)).toBe(true);
  });

  it('refuses updates out of order or about actions the record does not hold', () => {
    const record = emptySubjectRecord();
    applyMappaUpdate(record, meeting, provenance);
    expect(mappaCommandErrors(record, update({ meetingId: 'MM-9' }), UNIT)[0].path).toBe('action.meetingId');
    expect(mappaCommandErrors(record, update({ actionId: 'A9' }), UNIT)[0].path).toBe('action.actionId');
    expect(mappaCommandErrors(record, update({ updatedOn: '2026-11-29' }), UNIT)[0].path).toBe('action.updatedOn');
    applyMappaUpdate(record, update({ updatedOn: '2026-12-05' }), provenance);
    expect(mappaCommandErrors(record, update({ updatedOn: '2026-12-04' }), UNIT)[0].message).toContain('last update');
  });

  it('reads show meetings and actions under mappa, open ones flagged overdue after their due date', () => {
    const record = emptySubjectRecord();
    applyMappaUpdate(record, meeting, provenance);
    const view = canonicalView(record, '2026-12-11') as {
      mappa: { actions: { overdue: boolean }[]; meetings: unknown[] };
    };
    expect(view.mappa.meetings).toHaveLength(1);
    expect(view.mappa.actions).toEqual([expect.objectContaining({ actionId: 'A1', meetingId: 'MM-1', overdue: true })]);
    expect((canonicalView(record, '2026-12-10') as typeof view).mappa.actions[0].overdue).toBe(false);
  });
});
