import { describe, expect, it } from '@jest/globals';
import { actionsBoard, mappaMiFigures, minuteReceiptFigures, weekOf } from './mappa-mi';
import type { ActionListItem, MinuteReceipt } from './mappa-queries';

const action = (owner: string, overdue: boolean, escalated: boolean): ActionListItem => ({
  subjectId: 's',
  meetingId: 'm',
  actionId: `${owner}-${Math.random()}`,
  area: 'WYP',
  heldOn: '2026-11-01',
  owner,
  chair: 'probation.yorkshire',
  dueOn: '2026-11-20',
  status: 'OPEN',
  overdue,
  escalated,
});
const receipt = (recipient: string, deliveredAt: string, ackDueAt: string | null, acknowledgedAt: string | null) =>
  ({ recipient, area: 'WYP', deliveredAt, ackDueAt, acknowledgedAt }) satisfies MinuteReceipt;

describe('MAPPA management information', () => {
  it('counts open, overdue and escalated actions, in all and by owner, most open first', () => {
    const board = actionsBoard([
      action('police.west-yorkshire', true, true),
      action('police.west-yorkshire', true, false),
      action('police.west-yorkshire', false, false),
      action('dtc.leeds-city-housing', false, false),
    ]);
    expect(board.totals).toEqual({ open: 4, overdue: 2, escalated: 1 });
    expect(board.byOwner).toEqual([
      { owner: 'police.west-yorkshire', open: 3, overdue: 2, escalated: 1 },
      { owner: 'dtc.leeds-city-housing', open: 1, overdue: 0, escalated: 0 },
    ]);
  });

  it('counts minutes acknowledged within ackWithin, late, or still outstanding, per agency and per week', () => {
    const now = Date.parse('2026-12-04T12:00:00Z');
    const figures = minuteReceiptFigures(
      [
        receipt('police.west-yorkshire', '2026-11-23T10:00:00Z', '2026-11-25T10:00:00Z', '2026-11-24T09:00:00Z'),
        receipt('police.west-yorkshire', '2026-11-30T10:00:00Z', '2026-12-02T10:00:00Z', '2026-12-03T09:00:00Z'),
        receipt('probation.yorkshire', '2026-11-30T10:00:00Z', '2026-12-02T10:00:00Z', null),
        receipt('probation.yorkshire', '2026-12-03T10:00:00Z', '2026-12-05T10:00:00Z', null),
      ],
      now,
    );
    expect(figures.byAgency).toEqual([
      { key: 'police.west-yorkshire', delivered: 2, withinAckWithin: 1, late: 1, outstanding: 0, percentWithin: 50 },
      { key: 'probation.yorkshire', delivered: 2, withinAckWithin: 0, late: 1, outstanding: 1, percentWithin: 0 },
    ]);
    expect(figures.byWeek.map((w) => [w.key, w.delivered, w.percentWithin])).toEqual([
      ['2026-11-23', 1, 100],
      ['2026-11-30', 3, 0],
    ]);
    const csv = mappaMiFigures(actionsBoard([]), figures);
    expect(csv).toContainEqual({ section: 'minutes by agency', key: 'police.west-yorkshire percentWithin', value: 50 });
    expect(csv).toContainEqual({ section: 'actions', key: 'open', value: 0 });
  });

  it('weeks start on Monday', () => {
    expect(weekOf('2026-12-06T23:00:00Z')).toBe('2026-11-30');
    expect(weekOf('2026-11-30T00:00:00Z')).toBe('2026-11-30');
  });
});
