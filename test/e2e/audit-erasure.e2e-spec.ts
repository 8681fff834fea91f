import { fieldsNamed } from '../kit/problems';
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import request from 'supertest';
import { todayInLondon } from '../../src/canonical/civil-date';
import { waitForDeliveries } from '../kit/db-wait';
import { courtExample } from '../kit/examples';
import { postCourtOutcome, subscribe } from '../kit/http';
import { referenceDirWith, SHORT_RETENTION } from '../kit/reference-data';
import { startTestHub, type TestHub } from '../kit/test-hub';
import { WebhookReceiver } from '../kit/webhook-receiver';

/** A youth court result from 2001: its 2½-year registration ended in 2004. */
function oldYouthCourtResult(): Record<string, any> {
  const m = courtExample('hearing-resulted-juvenile-community');
  m.messageId = `LYC-2001-${randomUUID()}`;
  m.sentAt = '2001-11-02T11:05:00Z';
  m.case = { urn: '13SL0000001', hearingDate: '2001-11-02' };
  m.defendant.courtDefendantId = 'D-2001-1';
  m.defendant.dateOfBirth = '1985-03-15';
  m.offences[0].offenceDate = '2001-05-20';
  m.offences[0].convictionDate = '2001-11-02';
  m.sentence.sentenceDate = '2001-11-02';
  return m;
}

const REASON = 'Retention ended; erasure approved by the DPO (ticket DPO-117)';

describe('erasure after retention keeps the audit chain verifiable', () => {
  let hub: TestHub;
  let referenceDir: string;
  let admin: string;
  const probation = new WebhookReceiver();
  let erasable: string;
  let indefinite: string;

  const erase = (subjectId: string, body: unknown = { reason: REASON }, token = admin) =>
    request(hub.url)
      .post(`/v1/admin/subjects/${subjectId}/erasure`)
      .set('authorization', `Bearer ${token}`)
      .send(body as object);

  beforeAll(async () => {
    referenceDir = referenceDirWith(SHORT_RETENTION);
    hub = await startTestHub({ env: { HUB_REFERENCE_DIR: referenceDir } });
    admin = await hub.token('hub.operators');
    await probation.start();
    expect(
      (
        await subscribe(hub, 'probation.yorkshire', probation.url, [
          'subject.created',
          'conviction.recorded',
          'registration.started',
        ])
      ).status,
    ).toBe(201);
    const old = await postCourtOutcome(hub, 'court.leeds-youth', oldYouthCourtResult());
    expect(old.status).toBe(202);
    erasable = old.body.subjectIds[0];
    const current = await postCourtOutcome(hub, 'court.leeds-crown', courtExample('hearing-resulted-shpo'));
    expect(current.status).toBe(202);
    indefinite = current.body.subjectIds[0];
    // Every delivery of both messages made (not just the first): an attempt or success still being
    // written would add audit rows about the erasable subject after the test has counted them.
    await waitForDeliveries(hub.db, [...old.body.events, ...current.body.events]);
    const read = await request(hub.url)
      .get(`/v1/subjects/${erasable}`)
      .set('authorization', `Bearer ${await hub.token('probation.yorkshire')}`)
      .set('x-justification', "Checking O'Connor-Nwosu's supervision history");
    expect(read.status).toBe(200);
  });

  afterAll(async () => {
    await hub?.close();
    await probation.close();
    rmSync(referenceDir, { recursive: true, force: true });
  });

  it('refuses (409) while any record is still within retention, saying until when and why', async () => {
    const res = await erase(indefinite);
    expect(res.status).toBe(409);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 409, retentionEndsOn: null, heldBy: 'registration' });
    const { rows } = await hub.db.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'ERASURE'`);
    expect(rows[0].n).toBe(0);
  });

  it('needs admin, a known subject and a reason', async () => {
    expect((await erase(erasable, { reason: REASON }, await hub.token('probation.yorkshire'))).status).toBe(403);
    expect((await erase(randomUUID())).status).toBe(404);
    const res = await erase(erasable, {});
    expect(res.status).toBe(422);
    expect(fieldsNamed(res.body)).toEqual(['reason']);
  });

  it('erases the subject: record, identifiers, payloads, raw message and the personal fields of its audit rows', async () => {
    const { rows: before } = await hub.db.query(`SELECT id FROM audit_log WHERE subject_id = $1`, [erasable]);
    expect(before.length).toBeGreaterThanOrEqual(5); // collection, alteration, delivery attempt + success, read
    const res = await erase(erasable);
    expect(res.status).toBe(200);
    // Its last record ran out in 2005, but the record itself (changed today) is kept P0Y from its last change.
    expect(res.body).toMatchObject({
      subjectId: erasable,
      retentionEndedOn: todayInLondon(),
      erased: { auditRows: before.length, inboundMessages: 1 },
    });
    expect(res.body.erased.events).toBeGreaterThan(0);
    expect(res.body.erased.identifiers).toBeGreaterThan(0);
    const { rows: open } = await hub.db.query(
      `SELECT count(*)::int AS n FROM deadlines WHERE subject_id = $1 AND status = 'open'`,
      [erasable],
    );
    expect(open[0].n).toBe(0);

    const { rows: after } = await hub.db.query(
      `SELECT subject_id, justification, personal_salt, erased_at FROM audit_log WHERE id = ANY($1::bigint[])`,
      [before.map((r) => r.id)],
    );
    expect(
      after.every(
        (r) => r.subject_id === null && r.justification === null && r.personal_salt === null && r.erased_at !== null,
      ),
    ).toBe(true);

    // Nothing about the person is left anywhere in the hub's tables.
    for (const table of [
      'subjects',
      'subject_identifiers',
      'subject_name_keys',
      'events',
      'deliveries',
      'inbound_messages',
      'data_quality_flags',
      'audit_log',
    ]) {
      const { rows } = await hub.db.query(
        `SELECT count(*)::int AS n FROM ${table} t WHERE t::text ILIKE '%Nwosu%' OR t::text LIKE '%1985-03-15%'`,
      );
      expect({ table, n: rows[0].n }).toEqual({ table, n: 0 });
    }
    // The other subject is untouched.
    const {
      rows: [smith],
    } = await hub.db.query(`SELECT record->'names'->0->>'surname' AS surname FROM subjects WHERE id = $1`, [
      indefinite,
    ]);
    expect(smith.surname).toBe('SMITH');
  });

  it('writes an ERASURE row that keeps who erased whom, when and why', async () => {
    const { rows } = await hub.db.query(`SELECT * FROM audit_log WHERE action = 'ERASURE'`);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      operation: 'subject.erased',
      agency_id: 'hub.operators',
      actor_sub: 'hub.operators:test-user',
      subject_id: erasable,
      justification: REASON,
    });
    expect(rows[0].details).toMatchObject({ retentionEndedOn: todayInLondon(), heldBy: 'subject' });
  });

  it('verify still passes over the erased rows', async () => {
    const res = await request(hub.url).get('/v1/audit/verify').set('authorization', `Bearer ${admin}`);
    expect(res.body).toMatchObject({ ok: true });
    expect(res.body.erased).toBeGreaterThanOrEqual(5);
  });

  it('the erased subject reads as absent, cannot be erased twice, and the person sent again is a new subject', async () => {
    const read = await request(hub.url)
      .get(`/v1/subjects/${erasable}`)
      .set('authorization', `Bearer ${await hub.token('probation.yorkshire')}`)
      .set('x-justification', 'Supervision review');
    expect(read.status).toBe(404);
    expect((await erase(erasable)).status).toBe(409);
    const again = await postCourtOutcome(hub, 'court.leeds-youth', oldYouthCourtResult());
    expect(again.status).toBe(202);
    expect(again.body.subjectIds[0]).not.toBe(erasable);
  });

  it('personal fields removed without the erasure path are reported by verify', async () => {
    const {
      rows: [row],
    } = await hub.db.query(
      `SELECT id, chain, seq, subject_id, justification, personal_salt FROM audit_log WHERE subject_id = $1 ORDER BY id LIMIT 1`,
      [indefinite],
    );
    const c = await hub.db.connect();
    try {
      await c.query('ALTER TABLE audit_log DISABLE TRIGGER ALL');
      await c.query(`UPDATE audit_log SET subject_id = NULL WHERE id = $1`, [row.id]);
      const res = await request(hub.url).get('/v1/audit/verify').set('authorization', `Bearer ${admin}`);
      expect(res.body.firstBrokenAt).toMatchObject({ auditId: row.id, reason: expect.stringMatching(/digest/) });
      await c.query(`UPDATE audit_log SET subject_id = $2 WHERE id = $1`, [row.id, row.subject_id]);
    } finally {
      await c.query('ALTER TABLE audit_log ENABLE TRIGGER ALL');
      c.release();
    }
  });
});
