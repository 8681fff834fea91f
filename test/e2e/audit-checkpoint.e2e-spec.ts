import { fieldsNamed } from '../kit/problems';
import { compactVerify, createLocalJWKSet } from 'jose';
import type pg from 'pg';
import request from 'supertest';
import { GENESIS_HASH, rowHash, utcMicrosSql } from '../../src/audit/audit-hash';
import { courtExample } from '../kit/examples';
import { postCourtOutcome, readSubject } from '../kit/http';
import { asRogueSuperuser, auditKeyOf } from '../kit/rogue-superuser';
import { startTestHub, type TestHub } from '../kit/test-hub';

interface Head {
  chain: number;
  seq: number;
  hash: string;
}

/**
 * What verify alone cannot see: a superuser who re-hashes a chain from a row to its head, or cuts
 * rows off its end and moves the head back, leaves every chain consistent. A checkpoint (the
 * heads, signed by the hub) kept outside the hub catches both.
 */
describe('audit checkpoints: the chain heads signed, kept outside the hub', () => {
  let hub: TestHub;
  let operator: string;

  const get = (path: string) => request(hub.url).get(path).set('authorization', `Bearer ${operator}`);
  const checkAgainst = (checkpoint: string) =>
    request(hub.url)
      .post('/v1/audit/checkpoint/verify')
      .set('authorization', `Bearer ${operator}`)
      .send({ checkpoint });
  /** Some audited activity: a court outcome and reads of its subject, spread over several chains. */
  const activity = async (id: string) => {
    const res = await postCourtOutcome(hub, 'court.leeds-crown', {
      ...courtExample('hearing-resulted-shpo'),
      messageId: `CKPT-${id}`,
    });
    expect(res.status).toBe(202);
    const reads = await Promise.all(
      Array.from({ length: 20 }, () => readSubject(hub, 'police.west-yorkshire', res.body.subjectIds[0])),
    );
    expect(reads.every((r) => r.status === 200)).toBe(true);
  };

  beforeEach(async () => {
    hub = await startTestHub();
    operator = await hub.token('hub.operators');
    await activity('before');
  });

  afterEach(async () => {
    await hub?.close();
  });

  it("is a JWS anyone can check with the hub's published key, naming every chain head as it stands", async () => {
    const res = await get('/v1/audit/checkpoint');
    expect(res.status).toBe(200);
    const jwks = createLocalJWKSet((await request(hub.url).get('/.well-known/jwks.json')).body);
    const { payload, protectedHeader } = await compactVerify(res.body.checkpoint, jwks, { algorithms: ['EdDSA'] });
    expect(protectedHeader.typ).toBe('hub-audit-checkpoint+jws');
    const signed = JSON.parse(new TextDecoder().decode(payload));
    expect(signed).toEqual({ issuedAt: res.body.issuedAt, heads: res.body.heads });
    const { rows } = await hub.db.query(
      `SELECT chain, last_seq::int AS seq, encode(last_hash, 'hex') AS hash FROM audit_chain_heads WHERE last_seq > 0 ORDER BY chain`,
    );
    // Issuing is audited after the heads are read: at most one chain has moved on since.
    const moved = rows.filter(
      (r: Head) => !signed.heads.some((h: Head) => h.chain === r.chain && h.seq === r.seq && h.hash === r.hash),
    );
    expect(signed.heads.length).toBeGreaterThan(1);
    expect(moved.length).toBeLessThanOrEqual(1);
  });

  it('checks out while the log only grows after it', async () => {
    const { checkpoint, heads } = (await get('/v1/audit/checkpoint')).body;
    await activity('after');
    const res = await checkAgainst(checkpoint);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      ok: true,
      headsMatched: heads.length,
      headsAnchored: heads.length,
      chains: { ok: true },
    });
    const { rows } = await hub.db.query(`SELECT details FROM audit_log WHERE operation = 'audit.checkpoint.verified'`);
    expect(rows).toEqual([{ details: expect.objectContaining({ ok: true, headsAnchored: heads.length }) }]);
  });

  it('catches a chain rewritten and re-hashed up to its head with the stolen audit key, which verify alone passes', async () => {
    const { checkpoint, heads } = (await get('/v1/audit/checkpoint')).body;
    await activity('after');
    const target = [...(heads as Head[])].sort((a, b) => b.seq - a.seq)[0];
    expect(target.seq).toBeGreaterThanOrEqual(2);
    await asRogueSuperuser(hub.db, (c) =>
      rewriteFrom(c, target.chain, target.seq - 1, 'subject.read.forged', auditKeyOf(hub)),
    );

    expect((await get('/v1/audit/verify')).body).toMatchObject({ ok: true }); // consistent with itself
    const res = await checkAgainst(checkpoint);
    expect(res.body.ok).toBe(false);
    expect(res.body.firstAnchorBroken).toEqual({
      chain: target.chain,
      seq: target.seq,
      reason: 'the anchored row no longer has the anchored hash: the chain was rewritten up to here',
    });
  });

  it("catches rows cut off a chain's end with its head moved back, which verify alone passes", async () => {
    const { checkpoint, heads } = (await get('/v1/audit/checkpoint')).body;
    const target = [...(heads as Head[])].sort((a, b) => b.seq - a.seq)[0];
    await asRogueSuperuser(hub.db, async (c) => {
      await c.query(`SELECT 1 FROM audit_chain_heads WHERE chain = $1 FOR UPDATE`, [target.chain]);
      await c.query(`DELETE FROM audit_log WHERE chain = $1 AND seq >= $2`, [target.chain, target.seq]);
      await c.query(
        `UPDATE audit_chain_heads SET last_seq = $2 - 1, last_hash = (SELECT hash FROM audit_log WHERE chain = $1 AND seq = $2 - 1) WHERE chain = $1`,
        [target.chain, target.seq],
      );
    });

    expect((await get('/v1/audit/verify')).body).toMatchObject({ ok: true });
    const res = await checkAgainst(checkpoint);
    // The hub may have written a new row at the anchored position since (verify logs itself):
    // then the row is there but is not the anchored one.
    expect(res.body).toMatchObject({
      ok: false,
      firstAnchorBroken: {
        chain: target.chain,
        seq: target.seq,
        reason: expect.stringMatching(
          /^the anchored row (is gone: the chain was cut back|no longer has the anchored hash)/,
        ),
      },
    });
  });

  it('refuses a checkpoint the hub did not sign, or one altered after signing (422 naming the field)', async () => {
    const { checkpoint } = (await get('/v1/audit/checkpoint')).body;
    const [header, payload, signature] = checkpoint.split('.');
    const decoded = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const moved = Buffer.from(JSON.stringify({ ...decoded, heads: decoded.heads.slice(1) })).toString('base64url');
    for (const forged of [`${header}.${moved}.${signature}`, 'not.a.jws', 'x'.repeat(40)]) {
      const res = await checkAgainst(forged);
      expect(res.status).toBe(422);
      expect(res.body.errors).toEqual([{ path: 'checkpoint', message: expect.any(String) }]);
    }
    expect(fieldsNamed((await checkAgainst(undefined as unknown as string)).body)).toEqual(['checkpoint']);
  });

  it('needs audit:read', async () => {
    const police = await hub.token('police.west-yorkshire');
    expect((await request(hub.url).get('/v1/audit/checkpoint').set('authorization', `Bearer ${police}`)).status).toBe(
      403,
    );
    expect(
      (
        await request(hub.url)
          .post('/v1/audit/checkpoint/verify')
          .send({ checkpoint: 'x'.repeat(40) })
      ).status,
    ).toBe(401);
  });
});

/**
 * Edits the row at `seq` of `chain` and re-hashes it and every row after it, moving the head to
 * match: the rewrite a superuser who knows the hash scheme and stole the audit key would make.
 */
async function rewriteFrom(
  c: pg.PoolClient,
  chain: number,
  seq: number,
  operation: string,
  key: Buffer,
): Promise<void> {
  await c.query(`SELECT 1 FROM audit_chain_heads WHERE chain = $1 FOR UPDATE`, [chain]);
  const { rows } = await c.query(
    `SELECT *, ${utcMicrosSql('at')} AS at_text FROM audit_log WHERE chain = $1 AND seq >= $2 ORDER BY seq`,
    [chain, seq],
  );
  const { rows: before } = await c.query(`SELECT hash FROM audit_log WHERE chain = $1 AND seq = $2`, [chain, seq - 1]);
  let prev: Buffer = before[0]?.hash ?? GENESIS_HASH;
  for (const [i, row] of rows.entries()) {
    const op = i === 0 ? operation : row.operation;
    const hash = rowHash(
      prev,
      {
        chain,
        seq: Number(row.seq),
        at: row.at_text,
        action: row.action,
        operation: op,
        agencyId: row.agency_id,
        actorSub: row.actor_sub,
        agreementIds: row.agreement_ids,
        recipients: row.recipients,
        correlationId: row.correlation_id,
        details: row.details,
      },
      row.personal_digest,
      key,
    );
    await c.query(`UPDATE audit_log SET operation = $2, prev_hash = $3, hash = $4 WHERE id = $1`, [
      row.id,
      op,
      prev,
      hash,
    ]);
    prev = hash;
  }
  await c.query(`UPDATE audit_chain_heads SET last_hash = $2 WHERE chain = $1`, [chain, prev]);
}
