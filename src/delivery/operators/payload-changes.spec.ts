import { payloadChanges } from './payload-changes';

describe('payloadChanges', () => {
  it('names the shallowest withheld path, not every leaf beneath it', () => {
    const before = {
      subject: { names: [{ surname: 'SMITH' }], address: { line1: '1 Road', postcode: 'LS6 2AB' }, identifiers: [] },
      conviction: { offenceCode: 'X' },
    };
    const after = { subject: { names: [{ surname: 'SMITH' }] }, conviction: { offenceCode: 'X' } };
    expect(payloadChanges(before, after)).toEqual({
      withheld: ['subject.address', 'subject.identifiers'],
      added: [],
      changed: [],
    });
  });

  it('reports fields added and values changed', () => {
    const before = { subject: { names: [{ surname: 'SMITH' }] } };
    const after = { subject: { names: [{ surname: 'SMYTH' }], dateOfBirth: '1986-02-28' }, order: { orderRef: 'A' } };
    expect(payloadChanges(before, after)).toEqual({
      withheld: [],
      added: ['order', 'subject.dateOfBirth'],
      changed: ['subject.names'],
    });
  });

  it('is empty when nothing changed', () => {
    const p = { a: { b: [1, 2], c: null } };
    expect(payloadChanges(p, structuredClone(p))).toEqual({ withheld: [], added: [], changed: [] });
  });
});
