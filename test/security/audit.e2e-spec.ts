import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import type pg from 'pg';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { GENESIS_HASH, personalDigest, rowHash, utcMicrosSql } from '../../src/audit/audit-hash';
import { courtExample } from '../kit/examples';
import { postCourtOutcome, readSubject } from '../kit/http';
import { referenceDirWith, SHORT_RETENTION } from '../kit/reference-data';
import { asRogueSuperuser } from '../kit/rogue-superuser';
import { startTestHub, type TestHub } from '../kit/test-hub';

/** A 2001 youth court result whose retention has ended, so its subject may be erased. */
function oldYouthCourtResult(): Record<string, any> {
  const m = courtExample('hearing-resulted-juvenile-community');
  m.messageId = `LYC-2001-${randomBytes(6).toString('hex')}`;
  m.sentAt = '2001-11-02T11:05:00Z';
  m.case = { urn: '13SL0000002', hearingDate: '2001-11-02' };
  m.defendant.courtDefendantId = 'D-2001-2';
  m.defendant.dateOfBirth = '1985-03-15';
  m.offences[0].offenceDate = '2001-05-20';
  m.offences[0].convictionDate = '2001-11-02';
  m.sentence.sentenceDate = '2001-11-02';
  return m;
}

/** Runs `work` on a connection acting as the hub's own runtime role, in a transaction rolled back after. */
async function asAppRole<T>(db: pg.Pool, work: (c: pg.PoolClient) => Promise<T>): Promise<T> {
  const c = await db.connect();
  try {
    await c.query('BEGIN');
    await c.query('SET LOCAL ROLE hub_app');
    return await work(c);
  } finally {
    await c.query('ROLLBACK');
    c.release();
  }
}

/**
 * Appends a row to the end of `chain` as someone with full database access would (triggers off,
 * head moved): correctly chained, hashed with `key` (HMAC) or, with none, plain SHA-256.
 */
async function appendForged(db: pg.Pool, chain: number, key: Buffer | undefined): Promise<number> {
  let seq = 0;
  await asRogueSuperuser(db, async (c) => {
    const {
      rows: [head],
    } = await c.query(
      `SELECT last_seq, last_hash, ${utcMicrosSql('now()')} AS now FROM audit_chain_heads WHERE chain = $1 FOR UPDATE`,
      [chain],
    );
    seq = Number(head.last_seq) + 1;
    const salt = randomBytes(16);
    const personal = { subjectId: null, justification: 'routine' };
    const digest = personalDigest(salt, personal);
    const fields = {
      chain,
      seq,
      at: head.now,
      action: 'CONSULTATION',
      operation: 'subject.read',
      agencyId: 'police.west-yorkshire',
      actorSub: 'pc-forger',
      agreementIds: [],
      recipients: [],
      correlationId: null,
      details: {},
    };
    const hash = rowHash(head.last_hash, fields, digest, key);
    await c.query(
      `INSERT INTO audit_log (at, chain, seq, prev_hash, hash, action, operation, agency_id, actor_sub, agreement_ids, recipients, correlation_id, details,
                              subject_id, justification, personal_salt, personal_digest, hash_version)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, '{}', '{}', NULL, '{}', NULL, $10, $11, $12, $13)`,
      [
        fields.at,
        chain,
        seq,
        head.last_hash,
        hash,
        fields.action,
        fields.operation,
        fields.agencyId,
        fields.actorSub,
        personal.justification,
        salt,
        digest,
        key ? 2 : 1,
      ],
    );
    await c.query(`UPDATE audit_chain_heads SET last_seq = $2, last_hash = $3 WHERE chain = $1`, [chain, seq, hash]);
  });
  return seq;
}

/**
 * Runs `work` while holding `chain`'s head row locked from another connection, so the hub's own
 * writers (every verify and checkpoint call is itself audited) skip that chain meanwhile
 * (they take heads FOR UPDATE SKIP LOCKED): a forged row stays the chain's last until removed.
 */
async function withChainHeld<T>(db: pg.Pool, chain: number, work: () => Promise<T>): Promise<T> {
  const guard = await db.connect();
  try {
    await guard.query('BEGIN');
    await guard.query(`SELECT 1 FROM audit_chain_heads WHERE chain = $1 FOR UPDATE`, [chain]);
    return await work();
  } finally {
    await guard.query('ROLLBACK');
    guard.release();
  }
}

/** Takes a forged row back off a chain's end (and the head back with it). */
async function removeForged(db: pg.Pool, chain: number, seq: number): Promise<void> {
  await asRogueSuperuser(db, async (c) => {
    await c.query(`DELETE FROM audit_log WHERE chain = $1 AND seq = $2`, [chain, seq]);
    await c.query(
      `UPDATE audit_chain_heads SET last_seq = $2 - 1, last_hash = (SELECT hash FROM audit_log WHERE chain = $1 AND seq = $2 - 1) WHERE chain = $1`,
      [chain, seq],
    );
  });
}

describe('security: the audit log cannot be edited with the app’s own role, and only the key holder can extend it', () => {
  let hub: TestHub;
  let referenceDir: string;
  let operator: string;
  let subjectId: string;
  /** The chain with the most rows: forged rows go on its end. */
  let chain: number;

  const verify = async () => {
    const res = await request(hub.url).get('/v1/audit/verify').set('authorization', `Bearer ${operator}`);
    expect(res.status).toBe(200);
    return res.body;
  };

  beforeAll(async () => {
    referenceDir = referenceDirWith(SHORT_RETENTION);
    hub = await startTestHub({ env: { HUB_REFERENCE_DIR: referenceDir } });
    operator = await hub.token('hub.operators');
    const res = await postCourtOutcome(hub, 'court.leeds-youth', oldYouthCourtResult());
    expect(res.status).toBe(202);
    subjectId = res.body.subjectIds[0];
    const reads = await Promise.all(
      Array.from({ length: 10 }, () => readSubject(hub, 'probation.yorkshire', subjectId)),
    );
    expect(reads.every((r) => r.status === 200)).toBe(true);
    const { rows } = await hub.db.query(`SELECT chain FROM audit_chain_heads ORDER BY last_seq DESC LIMIT 1`);
    chain = rows[0].chain;
  });

  afterAll(async () => {
    await hub?.close();
    rmSync(referenceDir, { recursive: true, force: true });
  });

  it('the hub’s connections act as hub_app, which owns nothing and is not the log’s owner', async () => {
    const ds = hub.app.get(DataSource);
    expect(await ds.query(`SELECT current_user AS u`)).toEqual([{ u: 'hub_app' }]);
    const { rows } = await hub.db.query(
      `SELECT c.relname, pg_get_userbyid(c.relowner) AS owner FROM pg_class c WHERE c.relname IN ('audit_log', 'audit_chain_heads') ORDER BY 1`,
    );
    expect(rows).toEqual([
      { relname: 'audit_chain_heads', owner: 'hub_audit_owner' },
      { relname: 'audit_log', owner: 'hub_audit_owner' },
    ]);
    const {
      rows: [rights],
    } = await hub.db.query(
      `SELECT has_table_privilege('hub_app', 'audit_log', 'INSERT') AS ins, has_table_privilege('hub_app', 'audit_log', 'SELECT') AS sel,
              has_table_privilege('hub_app', 'audit_log', 'UPDATE') AS upd, has_table_privilege('hub_app', 'audit_log', 'DELETE') AS del,
              has_table_privilege('hub_app', 'audit_log', 'TRUNCATE') AS trunc`,
    );
    expect(rights).toEqual({ ins: true, sel: true, upd: false, del: false, trunc: false });
  });

  it('as the app role, SET hub.audit_erasure = on and stripping a row’s personal fields is refused', async () => {
    const {
      rows: [row],
    } = await hub.db.query(`SELECT id FROM audit_log WHERE subject_id = $1 ORDER BY id LIMIT 1`, [subjectId]);
    await asAppRole(hub.db, async (c) => {
      // The role reads the log and moves chain heads (what the hub needs)...
      expect((await c.query(`SELECT count(*)::int AS n FROM audit_log WHERE id = $1`, [row.id])).rows).toEqual([
        { n: 1 },
      ]);
      await c.query(`UPDATE audit_chain_heads SET last_seq = last_seq WHERE false`);
      // ...but the erasure switch gives it no way to change a row.
      await c.query(`SET LOCAL hub.audit_erasure = on`);
      await expect(
        c.query(
          `UPDATE audit_log SET subject_id = NULL, justification = NULL, personal_salt = NULL, erased_at = now() WHERE id = $1`,
          [row.id],
        ),
      ).rejects.toThrow(/permission denied for table audit_log/);
    });
  });

  it.each([
    ['UPDATE', `UPDATE audit_log SET operation = 'x' WHERE id = (SELECT min(id) FROM audit_log)`],
    ['DELETE', `DELETE FROM audit_log WHERE id = (SELECT min(id) FROM audit_log)`],
    ['TRUNCATE', `TRUNCATE audit_log`],
    ['ALTER (disable its triggers)', `ALTER TABLE audit_log DISABLE TRIGGER ALL`],
  ])('as the app role, %s of the log is refused (reading it is not)', async (_what, sql) => {
    await asAppRole(hub.db, async (c) => {
      await c.query(`SELECT id FROM audit_log LIMIT 1`);
      await expect(c.query(sql)).rejects.toThrow(/permission denied|must be owner/);
    });
  });

  it('as the app role, the erasure function refuses rows without a matching ERASURE row of the subject', async () => {
    const {
      rows: [row],
    } = await hub.db.query(`SELECT id FROM audit_log WHERE subject_id = $1 ORDER BY id DESC LIMIT 1`, [subjectId]);
    await expect(
      asAppRole(hub.db, (c) => c.query(`SELECT audit_erase_subject($1, $2)`, [subjectId, row.id])),
    ).rejects.toThrow(/is not the ERASURE row of subject/);
  });

  it('a row forged onto a chain’s end with plain SHA-256 fails verify, and a checkpoint taken before', async () => {
    expect((await verify()).ok).toBe(true);
    const { checkpoint } = (
      await request(hub.url).get('/v1/audit/checkpoint').set('authorization', `Bearer ${operator}`)
    ).body;
    const seq = await appendForged(hub.db, chain, undefined);
    await withChainHeld(hub.db, chain, async () => {
      const report = await verify();
      expect(report.ok).toBe(false);
      expect(report.firstBrokenAt).toMatchObject({
        chain,
        seq,
        reason: 'unkeyed row after keyed rows: not written with the audit key',
      });
      const checked = await request(hub.url)
        .post('/v1/audit/checkpoint/verify')
        .set('authorization', `Bearer ${operator}`)
        .send({ checkpoint });
      expect(checked.body).toMatchObject({ ok: false, chains: { ok: false, firstBrokenAt: { chain, seq } } });
    }).finally(() => removeForged(hub.db, chain, seq));
    expect((await verify()).ok).toBe(true);
  });

  it('a row forged onto a chain’s end with HMAC under a guessed key fails verify, and a checkpoint taken before', async () => {
    const { checkpoint } = (
      await request(hub.url).get('/v1/audit/checkpoint').set('authorization', `Bearer ${operator}`)
    ).body;
    const seq = await appendForged(hub.db, chain, randomBytes(32));
    await withChainHeld(hub.db, chain, async () => {
      const report = await verify();
      expect(report.firstBrokenAt).toMatchObject({ chain, seq, reason: 'row content does not match its hash' });
      const checked = await request(hub.url)
        .post('/v1/audit/checkpoint/verify')
        .set('authorization', `Bearer ${operator}`)
        .send({ checkpoint });
      expect(checked.body).toMatchObject({ ok: false, chains: { ok: false, firstBrokenAt: { chain, seq } } });
    }).finally(() => removeForged(hub.db, chain, seq));
  });

  it('a forged chain of unkeyed rows, on a chain head added beside the hub’s, fails verify', async () => {
    const added = 900;
    await asRogueSuperuser(hub.db, (c) =>
      c
        .query(`INSERT INTO audit_chain_heads (chain, last_hash) VALUES ($1, $2)`, [added, GENESIS_HASH])
        .then(() => undefined),
    );
    const seq = await appendForged(hub.db, added, undefined);
    try {
      await withChainHeld(hub.db, added, async () => {
        expect((await verify()).firstBrokenAt).toEqual({
          chain: added,
          seq,
          auditId: null,
          reason: 'the chain ends on unkeyed rows: not sealed with the audit key',
        });
      });
    } finally {
      await asRogueSuperuser(hub.db, async (c) => {
        await c.query(`DELETE FROM audit_log WHERE chain = $1`, [added]);
        await c.query(`DELETE FROM audit_chain_heads WHERE chain = $1`, [added]);
      });
    }
    expect((await verify()).ok).toBe(true);
  });

  describe('erasure', () => {
    let erasureEntry: string;

    beforeAll(async () => {
      const res = await request(hub.url)
        .post(`/v1/admin/subjects/${subjectId}/erasure`)
        .set('authorization', `Bearer ${operator}`)
        .send({ reason: 'Retention ended; erasure approved by the DPO (ticket DPO-118)' });
      expect(res.status).toBe(200);
      const { rows } = await hub.db.query(`SELECT id FROM audit_log WHERE action = 'ERASURE' AND subject_id = $1`, [
        subjectId,
      ]);
      expect(rows).toHaveLength(1);
      erasureEntry = rows[0].id;
    });

    it('goes through the function: every erased row points at the ERASURE row, which counts them, and verify passes', async () => {
      const { rows } = await hub.db.query(
        `SELECT erased_by_entry, subject_id, justification, personal_salt FROM audit_log WHERE erased_at IS NOT NULL`,
      );
      expect(rows.length).toBeGreaterThan(10);
      expect(
        rows.every(
          (r) =>
            r.erased_by_entry === erasureEntry &&
            r.subject_id === null &&
            r.justification === null &&
            r.personal_salt === null,
        ),
      ).toBe(true);
      const {
        rows: [erasure],
      } = await hub.db.query(`SELECT details FROM audit_log WHERE id = $1`, [erasureEntry]);
      expect(erasure.details.auditRows).toBe(rows.length);
      expect(await verify()).toMatchObject({ ok: true, erased: rows.length });
    });

    it('a row stripped of its personal fields without a pointer to an ERASURE row fails verify', async () => {
      const {
        rows: [row],
      } = await hub.db.query(
        `SELECT id, chain, seq, subject_id, justification, personal_salt FROM audit_log WHERE personal_salt IS NOT NULL AND action <> 'ERASURE' ORDER BY id LIMIT 1`,
      );
      await asRogueSuperuser(hub.db, (c) =>
        c
          .query(
            `UPDATE audit_log SET subject_id = NULL, justification = NULL, personal_salt = NULL, erased_at = now() WHERE id = $1`,
            [row.id],
          )
          .then(() => undefined),
      );
      try {
        expect((await verify()).firstBrokenAt).toEqual({
          chain: row.chain,
          seq: Number(row.seq),
          auditId: row.id,
          reason: 'erased, but points at no ERASURE row',
        });
      } finally {
        await asRogueSuperuser(hub.db, (c) =>
          c
            .query(
              `UPDATE audit_log SET subject_id = $2, justification = $3, personal_salt = $4, erased_at = NULL WHERE id = $1`,
              [row.id, row.subject_id, row.justification, row.personal_salt],
            )
            .then(() => undefined),
        );
      }
    });

    it('a row stripped and pointed at the ERASURE row, which did not count it, fails verify', async () => {
      const {
        rows: [row],
      } = await hub.db.query(
        `SELECT id, subject_id, justification, personal_salt FROM audit_log WHERE personal_salt IS NOT NULL AND action <> 'ERASURE' ORDER BY id LIMIT 1`,
      );
      await asRogueSuperuser(hub.db, (c) =>
        c
          .query(
            `UPDATE audit_log SET subject_id = NULL, justification = NULL, personal_salt = NULL, erased_at = now(), erased_by_entry = $2 WHERE id = $1`,
            [row.id, erasureEntry],
          )
          .then(() => undefined),
      );
      try {
        expect((await verify()).firstBrokenAt).toMatchObject({
          auditId: erasureEntry,
          reason: expect.stringMatching(/^the ERASURE row counts \d+ erased rows but \d+ point at it$/),
        });
      } finally {
        await asRogueSuperuser(hub.db, (c) =>
          c
            .query(
              `UPDATE audit_log SET subject_id = $2, justification = $3, personal_salt = $4, erased_at = NULL, erased_by_entry = NULL WHERE id = $1`,
              [row.id, row.subject_id, row.justification, row.personal_salt],
            )
            .then(() => undefined),
        );
      }
    });

    it('an erased row pointed at a row that is not an ERASURE row fails verify', async () => {
      const {
        rows: [row],
      } = await hub.db.query(
        `SELECT id, chain, seq, erased_by_entry FROM audit_log WHERE erased_by_entry IS NOT NULL ORDER BY id LIMIT 1`,
      );
      const {
        rows: [other],
      } = await hub.db.query(`SELECT id FROM audit_log WHERE action <> 'ERASURE' ORDER BY id DESC LIMIT 1`);
      await asRogueSuperuser(hub.db, (c) =>
        c.query(`UPDATE audit_log SET erased_by_entry = $2 WHERE id = $1`, [row.id, other.id]).then(() => undefined),
      );
      try {
        expect((await verify()).firstBrokenAt).toEqual({
          chain: row.chain,
          seq: Number(row.seq),
          auditId: row.id,
          reason: `erased, but erased_by_entry ${other.id} is not the ERASURE row of a subject`,
        });
      } finally {
        await asRogueSuperuser(hub.db, (c) =>
          c
            .query(`UPDATE audit_log SET erased_by_entry = $2 WHERE id = $1`, [row.id, row.erased_by_entry])
            .then(() => undefined),
        );
      }
      expect((await verify()).ok).toBe(true);
    });
  });
});
