import { describe, expect, it } from '@jest/globals';
import type { StoredDeadline } from '../clocks/deadline.repository';
import type { WatchlistEntry } from '../watchlist/watchlist-entries';
import { deadlineChanges, identityOf, watchlistChanges } from './dry-run-outcome';

const deadline = (over: Partial<StoredDeadline>): StoredDeadline => ({
  id: 'd1',
  subjectId: 's1',
  kind: 'INITIAL_NOTIFICATION',
  ref: 'conviction:1',
  dueOn: '2026-12-09',
  dueFrom: '2026-12-08',
  provisional: false,
  description: 'Initial notification',
  status: 'open',
  areas: ['WYP'],
  dueRaisedAt: null,
  passedRaisedAt: null,
  ...over,
});

const entry = (over: Partial<WatchlistEntry>): WatchlistEntry =>
  ({ orderRef: 'O-1', wanted: true, state: 'not-lodged', ...over }) as WatchlistEntry;

describe('what a dry run reports', () => {
  it('names the identity decision: linked, new, or new with a review', () => {
    expect(identityOf({ subjectId: 's', isNew: false, basis: 'SCORED', score: 0.97 })).toEqual({
      decision: 'linked',
      basis: 'SCORED',
      score: 0.97,
    });
    expect(identityOf({ subjectId: 's', isNew: true, basis: 'NEW_SUBJECT' }).decision).toBe('new');
    expect(identityOf({ subjectId: 's', isNew: true, basis: 'NEW_SUBJECT', conflict: 'x' }).decision).toBe('review');
  });

  it('lists deadlines the message starts or changes, never one it leaves as it was', () => {
    const kept = deadline({ kind: 'REGISTRATION_END', ref: 'conviction:1', dueOn: '2036-01-01' });
    const moved = deadline({ kind: 'CHANGE_OF_DETAILS', ref: 'address', dueOn: '2026-12-10' });
    const met = deadline({ kind: 'RISK_MANAGEMENT_PLAN', ref: 'ra' });
    const fresh = deadline({ kind: 'FOREIGN_TRAVEL', ref: 'trip' });
    const changes = deadlineChanges(
      [kept, moved, met],
      [kept, { ...moved, dueOn: '2026-12-12' }, { ...met, status: 'met' }, fresh],
    );
    expect(changes.map((c) => [c.kind, c.change, c.was])).toEqual([
      ['CHANGE_OF_DETAILS', 'changed', { dueOn: '2026-12-10', status: 'open' }],
      ['RISK_MANAGEMENT_PLAN', 'changed', { dueOn: '2026-12-09', status: 'open' }],
      ['FOREIGN_TRAVEL', 'new', undefined],
    ]);
  });

  it('lists watchlist work the message makes, not work already waiting', () => {
    expect(
      watchlistChanges(
        [entry({ orderRef: 'WAITING' })],
        [
          entry({ orderRef: 'WAITING' }),
          entry({ orderRef: 'NEW' }),
          entry({ orderRef: 'ENDED', wanted: false, state: 'lodged' }),
          entry({ orderRef: 'VARIED', state: 'lodged', stale: true }),
        ],
      ),
    ).toEqual([
      { orderRef: 'NEW', action: 'lodge' },
      { orderRef: 'ENDED', action: 'withdraw' },
      { orderRef: 'VARIED', action: 'relodge' },
    ]);
  });
});
