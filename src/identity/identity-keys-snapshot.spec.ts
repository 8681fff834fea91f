import type { CanonicalCommand, PersonClaim } from '../canonical/commands';
import { belongsToAbsorbed, type IdentityKeysSnapshot } from './identity-keys-snapshot';

const person = (over: Partial<PersonClaim> = {}): PersonClaim => ({
  forenames: 'Derek',
  surname: 'GREEN',
  aliases: [],
  dateOfBirth: '1980-04-04',
  identifiers: [],
  ...over,
});
const pnc = (value: string) => ({ scheme: 'PNC' as const, value });
const hearing = (p: PersonClaim, orderRefs: string[] = []): CanonicalCommand => ({
  kind: 'RECORD_HEARING_RESULT',
  person: p,
  court: { code: 'C1', name: 'Leeds Crown Court', level: 'CROWN' },
  caseUrn: 'URN-1',
  hearingDate: '2026-10-14',
  findings: [],
  sentence: null,
  orders: orderRefs.map((orderRef) => ({
    orderRef,
    orderType: 'SHPO',
    madeOn: '2026-10-14',
    duration: { indefinite: true },
    prohibitions: [],
    passportSurrender: false,
  })),
});

const absorbed: IdentityKeysSnapshot = {
  identifiers: [pnc('2013/4444444P')],
  nameKeys: [{ nameKey: 'GREEN|DEREK', dateOfBirth: '1980-04-04' }],
  orderRefs: ['SHPO-G1'],
};
const survivor: IdentityKeysSnapshot = {
  identifiers: [pnc('2012/3333333V')],
  nameKeys: [{ nameKey: 'BROWN|ALAN', dateOfBirth: '1975-03-03' }],
  orderRefs: ['SHPO-A1'],
};

describe('which side of an undone merge a command that arrived while merged belongs to', () => {
  it('follows an identifier only the absorbed side held', () => {
    expect(belongsToAbsorbed(hearing(person({ identifiers: [pnc('2013/4444444P')] })), absorbed, survivor)).toBe(true);
    expect(belongsToAbsorbed(hearing(person({ identifiers: [pnc('2012/3333333V')] })), absorbed, survivor)).toBe(false);
  });

  it('stays with the survivor when the evidence names both sides, or neither', () => {
    expect(
      belongsToAbsorbed(
        hearing(person({ identifiers: [pnc('2013/4444444P'), pnc('2012/3333333V')] })),
        absorbed,
        survivor,
      ),
    ).toBe(false);
    expect(belongsToAbsorbed(hearing(person({ forenames: 'Somebody', surname: 'ELSE' })), absorbed, survivor)).toBe(
      false,
    );
  });

  it('uses name and date of birth only when no identifier decides', () => {
    expect(belongsToAbsorbed(hearing(person()), absorbed, survivor)).toBe(true);
    expect(belongsToAbsorbed(hearing(person({ dateOfBirth: '1980-04-05' })), absorbed, survivor)).toBe(false);
  });

  it('an order one side held decides before identifiers; a new order decides nothing', () => {
    expect(
      belongsToAbsorbed(hearing(person({ identifiers: [pnc('2012/3333333V')] }), ['SHPO-G1']), absorbed, survivor),
    ).toBe(true);
    expect(
      belongsToAbsorbed(hearing(person({ identifiers: [pnc('2013/4444444P')] }), ['SHPO-A1']), absorbed, survivor),
    ).toBe(false);
    expect(
      belongsToAbsorbed(hearing(person({ identifiers: [pnc('2013/4444444P')] }), ['SHPO-NEW']), absorbed, survivor),
    ).toBe(true);
  });

  it('a watchlist hit follows the order its entry was lodged for', () => {
    const hit = (orderRef: string): CanonicalCommand => ({
      kind: 'RECORD_WATCHLIST_HIT',
      person: person({ identifiers: [pnc('2012/3333333V')] }),
      hit: {
        hitId: 'H1',
        watchlistRef: 'W1',
        orderRef,
        application: { type: 'FIRST', receivedOn: '2027-01-01', office: 'Durham' },
        applicant: { surname: 'GREEN', forenames: 'Derek', dateOfBirth: '1980-04-04' },
      },
    });
    expect(belongsToAbsorbed(hit('SHPO-G1'), absorbed, survivor)).toBe(true);
    expect(belongsToAbsorbed(hit('SHPO-A1'), absorbed, survivor)).toBe(false);
  });
});
