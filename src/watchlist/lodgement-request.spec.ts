import { lodgementRequest } from './lodgement-request';

const entry = { lodgeRequestId: 'r-1', reason: 'PASSPORT_SURRENDER', orderRef: 'SHPO-1', validUntil: null };
const shown = {
  subject: {
    names: [
      { forenames: 'John', surname: 'WALKER', type: 'PRIMARY' },
      { forenames: 'John Michael', surname: 'SMITH', type: 'ALIAS' },
      { forenames: 'Jon', surname: "O'SMYTH", type: 'ALIAS' },
    ],
    dateOfBirth: '1986-02-28',
    identifiers: [
      { scheme: 'PASSPORT', value: '111111111' },
      { scheme: 'PNC', value: '2004/0123456B' },
      { scheme: 'PASSPORT', value: '987654321' },
    ],
  },
};

describe('the HMPO lodgement built from HMPO’s record view', () => {
  it('names the primary name, every other name as an alias, and the newest passport', () => {
    expect(lodgementRequest(entry, shown, 'police.west-yorkshire')).toEqual({
      requestId: 'r-1',
      surname: 'WALKER',
      forenames: 'John',
      dateOfBirth: '1986-02-28',
      aliases: [
        { surname: 'SMITH', forenames: 'John Michael' },
        { surname: "O'SMYTH", forenames: 'Jon' },
      ],
      passportNumber: '987654321',
      reason: 'PASSPORT_SURRENDER',
      orderRef: 'SHPO-1',
      notifyAuthority: 'police.west-yorkshire',
    });
  });

  it('sends no aliases or passport the view does not hold', () => {
    const request = lodgementRequest(entry, { subject: { names: [shown.subject.names[0]] } }, 'police.a');
    expect(request).not.toHaveProperty('aliases');
    expect(request).not.toHaveProperty('passportNumber');
  });
});
