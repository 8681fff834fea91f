import { createHash, createHmac } from 'node:crypto';
import { GENESIS_HASH, personalDigest, rowHash, storedDetails, type ChainedFields } from './audit-hash';

const row: ChainedFields = {
  chain: 3,
  seq: 1,
  at: '2026-11-23T10:15:00.123456Z',
  action: 'CONSULTATION',
  operation: 'subject.read',
  agencyId: 'police.west-yorkshire',
  actorSub: 'pc-1234',
  agreementIds: ['DSA-2026-014'],
  recipients: [],
  correlationId: null,
  details: { z: 1, a: { é: 'x', b: [1.5, true, null] } },
};
const sha256 = (...parts: (Buffer | string)[]) => parts.reduce((h, p) => h.update(p), createHash('sha256')).digest();

describe('the audit row hash (what an outside verifier must reproduce)', () => {
  const salt = Buffer.alloc(16, 7);
  const digest = personalDigest(salt, {
    subjectId: '0b9a7c8e-0000-4000-8000-000000000001',
    justification: 'MAPPA meeting',
  });

  it('personal digest = sha256(salt ‖ RFC 8785 JSON of subjectId and justification)', () => {
    expect(digest).toEqual(
      sha256(salt, '{"justification":"MAPPA meeting","subjectId":"0b9a7c8e-0000-4000-8000-000000000001"}'),
    );
  });

  it('row hash = sha256(prev_hash ‖ RFC 8785 JSON of the chained fields and the digest): keys sorted, no spaces', () => {
    const json =
      '{"action":"CONSULTATION","actorSub":"pc-1234","agencyId":"police.west-yorkshire","agreementIds":["DSA-2026-014"],' +
      '"at":"2026-11-23T10:15:00.123456Z","chain":3,"correlationId":null,"details":{"a":{"b":[1.5,true,null],"é":"x"},"z":1},' +
      `"operation":"subject.read","personalDigest":"${digest.toString('hex')}","recipients":[],"seq":1,"v":1}`;
    expect(rowHash(GENESIS_HASH, row, digest)).toEqual(sha256(GENESIS_HASH, json));
  });

  it('keyed (v2): HMAC-SHA256 under the audit key over the same bytes with v 2; another key gives another hash', () => {
    const key = Buffer.alloc(32, 9);
    const json =
      '{"action":"CONSULTATION","actorSub":"pc-1234","agencyId":"police.west-yorkshire","agreementIds":["DSA-2026-014"],' +
      '"at":"2026-11-23T10:15:00.123456Z","chain":3,"correlationId":null,"details":{"a":{"b":[1.5,true,null],"é":"x"},"z":1},' +
      `"operation":"subject.read","personalDigest":"${digest.toString('hex')}","recipients":[],"seq":1,"v":2}`;
    expect(rowHash(GENESIS_HASH, row, digest, key)).toEqual(
      createHmac('sha256', key).update(GENESIS_HASH).update(json).digest(),
    );
    expect(rowHash(GENESIS_HASH, row, digest, Buffer.alloc(32, 8))).not.toEqual(
      rowHash(GENESIS_HASH, row, digest, key),
    );
  });

  it('any change to a chained field, the digest or the previous hash changes it; key order does not', () => {
    const h = rowHash(GENESIS_HASH, row, digest);
    expect(rowHash(GENESIS_HASH, { ...row, details: { a: { b: [1.5, true, null], é: 'x' }, z: 1 } }, digest)).toEqual(
      h,
    );
    expect(rowHash(GENESIS_HASH, { ...row, seq: 2 }, digest)).not.toEqual(h);
    expect(rowHash(GENESIS_HASH, { ...row, recipients: ['probation.yorkshire'] }, digest)).not.toEqual(h);
    expect(
      rowHash(GENESIS_HASH, row, personalDigest(salt, { subjectId: null, justification: 'MAPPA meeting' })),
    ).not.toEqual(h);
    expect(rowHash(Buffer.alloc(32, 1), row, digest)).not.toEqual(h);
  });

  it('details are hashed as jsonb will return them', () => {
    expect(storedDetails({ a: undefined, b: new Date('2026-01-01T00:00:00Z'), c: 1 })).toEqual({
      b: '2026-01-01T00:00:00.000Z',
      c: 1,
    });
    expect(storedDetails(undefined)).toEqual({});
  });
});
