import type pg from 'pg';
import request from 'supertest';
import { rowHash, utcMicrosSql } from '../../src/audit/audit-hash';
import { courtExample } from '../kit/examples';
import { postCourtOutcome, readSubject } from '../kit/http';
import { asRogueSuperuser, auditKeyOf } from '../kit/rogue-superuser';
import { startTestHub, type TestHub } from '../kit/test-hub';

/** A row in the middle of the longest chain (a row before it and one after it). */
async function middleRow(db: pg.Pool): Promise<Record<string, any>> {
  const { rows } = await db.query(
    `SELECT a.*, ${utcMicrosSql('a.at')} AS at_text FROM audit_log a JOIN audit_chain_heads h USING (chain)
      WHERE h.last_seq >= 3 AND a.seq = 2 ORDER BY h.last_seq DESC LIMIT 1`,
  );
  expect(rows).toHaveLength(1);
  return rows[0];
}

describe('the audit log is hash chained and tamper evident', () => {
  let hub: TestHub;
  let operator: string;
  let subjectId: string;

  const verify = async () => {
    const res = await request(hub.url).get('/v1/audit/verify').set('authorization', `Bearer ${operator}`);
    expect(res.status).toBe(200);
    return res.body;
  };

  beforeAll(async () => {
    hub = await startTestHub();
    operator = await hub.token('hub.operators');
    const res = await postCourtOutcome(hub, 'court.leeds-crown', courtExample('hearing-resulted-shpo'));
    expect(res.status).toBe(202);
    subjectId = res.body.subjectIds[0];
    // Many small transactions at once, so the rows spread over several chains.
    const reads = await Promise.all(
      Array.from({ length: 40 }, () => readSubject(hub, 'police.west-yorkshire', subjectId)),
    );
    expect(reads.every((r) => r.status === 200)).toBe(true);
  });

  afterAll(async () => {
    await hub?.close();
  });

  it('chains every row: gapless per chain, each prev_hash the previous hash, concurrent writers on several chains', async () => {
    const { rows } = await hub.db.query(`SELECT chain, seq, prev_hash, hash FROM audit_log ORDER BY chain, seq`);
    expect(rows.length).toBeGreaterThan(40);
    const chains = new Map<number, { seq: number; hash: Buffer }[]>();
    for (const r of rows) chains.set(r.chain, [...(chains.get(r.chain) ?? []), { seq: Number(r.seq), hash: r.hash }]);
    expect(chains.size).toBeGreaterThan(1);
    for (const [chain, list] of chains) {
      expect(list.map((x) => x.seq)).toEqual(list.map((_, i) => i + 1));
      const {
        rows: [head],
      } = await hub.db.query(`SELECT last_seq, last_hash FROM audit_chain_heads WHERE chain = $1`, [chain]);
      expect(Number(head.last_seq)).toBe(list.length);
      expect(head.last_hash.equals(list[list.length - 1].hash)).toBe(true);
    }
    const byPosition = new Map(rows.map((r) => [`${r.chain}:${r.seq}`, r]));
    for (const r of rows.filter((x) => Number(x.seq) > 1)) {
      expect(r.prev_hash.equals(byPosition.get(`${r.chain}:${Number(r.seq) - 1}`)!.hash)).toBe(true);
    }
  });

  it('verify walks every chain and finds them intact', async () => {
    const {
      rows: [{ n }],
    } = await hub.db.query(`SELECT count(*)::int AS n FROM audit_log`);
    const report = await verify();
    expect(report).toMatchObject({ ok: true, chains: 16 });
    expect(report.checked).toBeGreaterThanOrEqual(n);
    expect(report).not.toHaveProperty('firstBrokenAt');
    expect(typeof report.tookMs).toBe('number');
  });

  it('the database refuses UPDATE, DELETE and TRUNCATE of the log, and moving a chain head back', async () => {
    await expect(
      hub.db.query(`UPDATE audit_log SET operation = 'x' WHERE id = (SELECT min(id) FROM audit_log)`),
    ).rejects.toThrow(/append-only/);
    await expect(hub.db.query(`DELETE FROM audit_log WHERE id = (SELECT min(id) FROM audit_log)`)).rejects.toThrow(
      /append-only/,
    );
    await expect(hub.db.query(`TRUNCATE audit_log`)).rejects.toThrow(/append-only/);
    await expect(hub.db.query(`UPDATE audit_chain_heads SET last_seq = 0`)).rejects.toThrow(/only move forward/);
    await expect(hub.db.query(`DELETE FROM audit_chain_heads`)).rejects.toThrow(/only move forward/);
    // Even the erasure switch allows nothing but removing personal fields.
    const c = await hub.db.connect();
    try {
      await c.query('BEGIN');
      await c.query(`SELECT set_config('hub.audit_erasure', 'on', true)`);
      await expect(
        c.query(
          `UPDATE audit_log SET operation = 'x', subject_id = NULL, justification = NULL, personal_salt = NULL, erased_at = now() WHERE id = (SELECT min(id) FROM audit_log)`,
        ),
      ).rejects.toThrow(/append-only/);
    } finally {
      await c.query('ROLLBACK');
      c.release();
    }
  });

  it('a row edited directly in Postgres (triggers disabled) breaks verify at that row', async () => {
    const row = await middleRow(hub.db);
    await asRogueSuperuser(hub.db, (c) =>
      c.query(`UPDATE audit_log SET agency_id = 'police.metropolitan' WHERE id = $1`, [row.id]).then(() => undefined),
    );
    try {
      const report = await verify();
      expect(report.ok).toBe(false);
      expect(report.firstBrokenAt).toEqual({
        chain: row.chain,
        seq: Number(row.seq),
        auditId: row.id,
        reason: 'row content does not match its hash',
      });
    } finally {
      await asRogueSuperuser(hub.db, (c) =>
        c.query(`UPDATE audit_log SET agency_id = $2 WHERE id = $1`, [row.id, row.agency_id]).then(() => undefined),
      );
    }
    expect((await verify()).ok).toBe(true);
  });

  it('a changed justification or subject (hashed only through their digest) breaks verify too', async () => {
    const {
      rows: [row],
    } = await hub.db.query(`SELECT * FROM audit_log WHERE justification IS NOT NULL ORDER BY id DESC LIMIT 1`);
    await asRogueSuperuser(hub.db, (c) =>
      c.query(`UPDATE audit_log SET justification = 'routine check' WHERE id = $1`, [row.id]).then(() => undefined),
    );
    try {
      const report = await verify();
      expect(report.firstBrokenAt).toMatchObject({
        chain: row.chain,
        seq: Number(row.seq),
        auditId: row.id,
        reason: expect.stringMatching(/digest/),
      });
    } finally {
      await asRogueSuperuser(hub.db, (c) =>
        c
          .query(`UPDATE audit_log SET justification = $2 WHERE id = $1`, [row.id, row.justification])
          .then(() => undefined),
      );
    }
  });

  it('a row edited and re-hashed (with the audit key) is caught at the next row, whose prev_hash no longer matches', async () => {
    const row = await middleRow(hub.db);
    const {
      rows: [full],
    } = await hub.db.query(`SELECT *, ${utcMicrosSql('at')} AS at_text FROM audit_log WHERE id = $1`, [row.id]);
    const forged = rowHash(
      full.prev_hash,
      {
        chain: full.chain,
        seq: Number(full.seq),
        at: full.at_text,
        action: full.action,
        operation: 'subject.read.forged',
        agencyId: full.agency_id,
        actorSub: full.actor_sub,
        agreementIds: full.agreement_ids,
        recipients: full.recipients,
        correlationId: full.correlation_id,
        details: full.details,
      },
      full.personal_digest,
      auditKeyOf(hub),
    );
    await asRogueSuperuser(hub.db, (c) =>
      c
        .query(`UPDATE audit_log SET operation = 'subject.read.forged', hash = $2 WHERE id = $1`, [row.id, forged])
        .then(() => undefined),
    );
    try {
      const {
        rows: [next],
      } = await hub.db.query(`SELECT id FROM audit_log WHERE chain = $1 AND seq = $2`, [
        row.chain,
        Number(row.seq) + 1,
      ]);
      const report = await verify();
      expect(report.firstBrokenAt).toEqual({
        chain: row.chain,
        seq: Number(row.seq) + 1,
        auditId: next.id,
        reason: "prev_hash is not the previous row's hash",
      });
    } finally {
      await asRogueSuperuser(hub.db, (c) =>
        c
          .query(`UPDATE audit_log SET operation = $2, hash = $3 WHERE id = $1`, [row.id, row.operation, row.hash])
          .then(() => undefined),
      );
    }
    expect((await verify()).ok).toBe(true);
  });

  it('a row deleted from the middle of a chain is reported at the row after the gap', async () => {
    const row = await middleRow(hub.db);
    const {
      rows: [next],
    } = await hub.db.query(`SELECT id FROM audit_log WHERE chain = $1 AND seq = $2`, [row.chain, Number(row.seq) + 1]);
    await asRogueSuperuser(hub.db, (c) =>
      c.query(`DELETE FROM audit_log WHERE id = $1`, [row.id]).then(() => undefined),
    );
    try {
      const report = await verify();
      expect(report.ok).toBe(false);
      expect(report.firstBrokenAt).toEqual({
        chain: row.chain,
        seq: Number(row.seq) + 1,
        auditId: next.id,
        reason: `row(s) missing before this one: expected seq ${row.seq}`,
      });
    } finally {
      await asRogueSuperuser(hub.db, (c) => reinsert(c, row));
    }
    expect((await verify()).ok).toBe(true);
  });

  it("a row deleted from a chain's end is caught by the chain head", async () => {
    const {
      rows: [row],
    } = await hub.db.query(
      `SELECT a.*, ${utcMicrosSql('a.at')} AS at_text FROM audit_log a JOIN audit_chain_heads h ON h.chain = a.chain AND h.last_seq = a.seq ORDER BY a.chain LIMIT 1`,
    );
    await asRogueSuperuser(hub.db, (c) =>
      c.query(`DELETE FROM audit_log WHERE id = $1`, [row.id]).then(() => undefined),
    );
    try {
      const report = await verify();
      expect(report.firstBrokenAt).toEqual({
        chain: row.chain,
        seq: Number(row.seq),
        auditId: null,
        reason: `chain ends at seq ${Number(row.seq) - 1} but its head records seq ${row.seq}: rows deleted from its end`,
      });
    } finally {
      await asRogueSuperuser(hub.db, (c) => reinsert(c, row));
    }
    expect((await verify()).ok).toBe(true);
  });

  it('verify needs audit:read and is itself logged', async () => {
    const police = await hub.token('police.west-yorkshire');
    expect((await request(hub.url).get('/v1/audit/verify').set('authorization', `Bearer ${police}`)).status).toBe(403);
    expect((await request(hub.url).get('/v1/audit/verify')).status).toBe(401);
    await verify();
    const { rows } = await hub.db.query(
      `SELECT * FROM audit_log WHERE operation = 'audit.verify' ORDER BY id DESC LIMIT 1`,
    );
    expect(rows[0]).toMatchObject({
      action: 'CONSULTATION',
      agency_id: 'hub.operators',
      actor_sub: 'hub.operators:test-user',
    });
  });
});

/** Puts a deleted row back exactly as it was (id included; `at` from its microsecond text). */
async function reinsert(c: pg.PoolClient, row: Record<string, any>): Promise<void> {
  const columns = Object.keys(row).filter((k) => k !== 'at_text');
  const value = (k: string) => (k === 'details' ? JSON.stringify(row[k]) : k === 'at' ? row.at_text : row[k]);
  await c.query(
    `INSERT INTO audit_log (${columns.join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')})`,
    columns.map(value),
  );
}
