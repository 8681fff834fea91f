import { describe, expect, it } from '@jest/globals';
import { sameFacts } from './same-facts';

const P1 = { kind: 'COURT', agency: 'court.leeds', messageId: 'msg-1', receivedAt: '2026-10-14T16:32:10Z' };
const P2 = { kind: 'COURT', agency: 'court.leeds', messageId: 'msg-2', receivedAt: '2027-01-20T10:00:00Z' };

describe('sameFacts', () => {
  it('ignores key order, at every depth (jsonb gives keys back in its own order)', () => {
    const sent = {
      sentenceDate: '2026-10-14',
      disposal: 'IMPRISONMENT',
      custodialTermMonths: 36,
      terms: { years: 5, from: '2026-10-14' },
    };
    const stored = {
      disposal: 'IMPRISONMENT',
      terms: { from: '2026-10-14', years: 5 },
      sentenceDate: '2026-10-14',
      custodialTermMonths: 36,
    };
    expect(JSON.stringify(sent)).not.toBe(JSON.stringify(stored));
    expect(sameFacts(sent, stored)).toBe(true);
  });

  it('ignores provenance, at every depth', () => {
    expect(
      sameFacts(
        { orderRef: 'O-1', provenance: P1, prohibitions: [{ code: 'X', provenance: P1 }] },
        { orderRef: 'O-1', provenance: P2, prohibitions: [{ code: 'X', provenance: P2 }] },
      ),
    ).toBe(true);
  });

  it('treats an absent key and an undefined one alike, as JSON does', () => {
    expect(sameFacts({ a: 1, b: undefined }, { a: 1 })).toBe(true);
  });

  it.each([
    ['a different value', { endDate: '2031-01-09' }, { endDate: '2031-01-10' }],
    ['an extra key', { a: 1 }, { a: 1, b: 2 }],
    ['a different array order (order in a list is a fact)', { countries: ['FR', 'ES'] }, { countries: ['ES', 'FR'] }],
    ['null against absent', { variedOn: null }, {}],
    ['a number against its text', { months: 36 }, { months: '36' }],
  ])('tells facts apart: %s', (_name, a, b) => {
    expect(sameFacts(a, b)).toBe(false);
  });
});
