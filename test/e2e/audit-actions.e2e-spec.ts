import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import request from 'supertest';
import { waitForCount, waitForDeliveries } from '../kit/db-wait';
import { courtExample } from '../kit/examples';
import { postCourtOutcome, readSubject, subscribe } from '../kit/http';
import { referenceDirWith, SHORT_RETENTION } from '../kit/reference-data';
import { startTestHub, type TestHub } from '../kit/test-hub';
import { WebhookReceiver } from '../kit/webhook-receiver';

const COURT_EVENTS = [
  'subject.created',
  'conviction.recorded',
  'registration.started',
  'order.made',
  'order.discharged',
];

/**
 * DPA 2018 s.62(1): a log of collection, alteration, consultation, disclosure, combination
 * and erasure. One row for every such act the hub performs today, each with who, what, which
 * subject, why, under which agreement and to whom.
 */
describe('every act of processing leaves its audit row', () => {
  let hub: TestHub;
  let referenceDir: string;
  const police = new WebhookReceiver();
  let subjectId: string;
  let messageId: string;

  const as = async (agency: string, scope?: string) => ({
    authorization: `Bearer ${await hub.token(agency, scope ? { scope } : {})}`,
  });
  const rows = async (where: string, params: unknown[] = []) =>
    (await hub.db.query(`SELECT * FROM audit_log WHERE ${where} ORDER BY id`, params)).rows;

  beforeAll(async () => {
    referenceDir = referenceDirWith(SHORT_RETENTION);
    hub = await startTestHub({ env: { HUB_REFERENCE_DIR: referenceDir } });
    await police.start();
    police.answers = [500]; // the first attempt fails, its retry succeeds
    expect((await subscribe(hub, 'police.west-yorkshire', police.url, COURT_EVENTS)).status).toBe(201);
    const feedSub = await request(hub.url)
      .post('/v1/subscriptions')
      .set(await as('probation.yorkshire'))
      .send({ eventTypes: COURT_EVENTS, delivery: { mode: 'feed' } });
    expect(feedSub.status).toBe(201);
    const res = await postCourtOutcome(hub, 'court.leeds-crown', courtExample('hearing-resulted-shpo'));
    expect(res.status).toBe(202);
    subjectId = res.body.subjectIds[0];
    messageId = res.body.messageId;
    // Received is not yet recorded: the success audit rows the DISCLOSURE tests count are
    // written just after each 2xx, so wait for the hub to have recorded every delivery.
    await waitForDeliveries(hub.db, res.body.events);
    expect(police.received).toHaveLength(4);
  });

  afterAll(async () => {
    await hub?.close();
    await police.close();
    rmSync(referenceDir, { recursive: true, force: true });
  });

  describe('COLLECTION', () => {
    it('an accepted message: the agency and person who sent it, the subject, the message', async () => {
      const [row] = await rows(`action = 'COLLECTION' AND operation = 'inbound.accepted' AND correlation_id = $1`, [
        messageId,
      ]);
      expect(row).toMatchObject({
        agency_id: 'court.leeds-crown',
        actor_sub: 'court.leeds-crown:test-user',
        subject_id: subjectId,
      });
      expect(row.details).toMatchObject({ adapter: 'court-outcomes', subjects: 1 });
      expect(row.details).not.toHaveProperty('subjectIds');
    });

    it('a rejected message, committed with the quarantined copy it points at', async () => {
      const bad = courtExample('hearing-resulted-shpo');
      delete bad.defendant.dateOfBirth;
      expect((await postCourtOutcome(hub, 'court.leeds-crown', bad)).status).toBe(422);
      const row = (await rows(`operation = 'inbound.rejected'`)).pop()!;
      expect(row).toMatchObject({ action: 'COLLECTION', agency_id: 'court.leeds-crown', subject_id: null });
      expect(row.details).toMatchObject({ status: 422 });
      const {
        rows: [kept],
      } = await hub.db.query(`SELECT status FROM inbound_messages WHERE id = $1`, [row.correlation_id]);
      expect(kept.status).toBe('rejected');
    });

    it('an acknowledgement received from an agency', async () => {
      const feed = await request(hub.url)
        .get('/v1/feed')
        .set(await as('probation.yorkshire'));
      const eventId = feed.body.events[0].id;
      expect(
        (
          await request(hub.url)
            .post(`/v1/events/${eventId}/acknowledgements`)
            .set(await as('probation.yorkshire'))
            .send({})
        ).status,
      ).toBe(201);
      const [row] = await rows(`operation = 'event.acknowledged' AND correlation_id = $1`, [eventId]);
      expect(row).toMatchObject({
        action: 'COLLECTION',
        agency_id: 'probation.yorkshire',
        subject_id: subjectId,
        agreement_ids: ['DSA-TEST-PROBATION'],
      });
    });
  });

  describe('ALTERATION', () => {
    it('the record created, then changed, each with the message that changed it and the events it raised', async () => {
      const [created] = await rows(`action = 'ALTERATION' AND operation = 'subject.created' AND subject_id = $1`, [
        subjectId,
      ]);
      expect(created).toMatchObject({ agency_id: 'court.leeds-crown', correlation_id: messageId });
      expect(created.details.events).toEqual(
        expect.arrayContaining(['subject.created', 'conviction.recorded', 'order.made']),
      );
      const discharge = await postCourtOutcome(hub, 'court.leeds-magistrates', courtExample('order-discharged'));
      expect(discharge.status).toBe(202);
      const [updated] = await rows(`action = 'ALTERATION' AND operation = 'subject.updated' AND correlation_id = $1`, [
        discharge.body.messageId,
      ]);
      expect(updated).toMatchObject({ agency_id: 'court.leeds-magistrates', subject_id: subjectId });
      expect(updated.details).toMatchObject({
        events: expect.arrayContaining(['order.discharged']),
        link: 'IDENTIFIER',
      });
    });

    it('an agreement suspended and lifted by an operator', async () => {
      const admin = await as('hub.operators');
      expect(
        (
          await request(hub.url)
            .post('/v1/admin/agreements/DSA-TEST-PROBATION/suspension')
            .set(admin)
            .send({ reason: 'DPO review of a reported breach' })
        ).status,
      ).toBe(201);
      expect(
        (await request(hub.url).delete('/v1/admin/agreements/DSA-TEST-PROBATION/suspension').set(admin)).status,
      ).toBe(200);
      const found = await rows(`action = 'ALTERATION' AND operation LIKE 'agreement.%'`);
      expect(found.map((r) => r.operation)).toEqual(['agreement.suspended', 'agreement.suspension.lifted']);
      expect(found[0]).toMatchObject({
        agreement_ids: ['DSA-TEST-PROBATION'],
        recipients: ['probation.yorkshire'],
        justification: 'DPO review of a reported breach',
      });
    });
  });

  describe('COMBINATION', () => {
    it("one court's message folded into a record built from another court's data", async () => {
      const [row] = await rows(`action = 'COMBINATION' AND subject_id = $1`, [subjectId]);
      expect(row).toMatchObject({ operation: 'subject.matched', agency_id: 'court.leeds-magistrates' });
      expect(row.details).toEqual({ link: 'IDENTIFIER', combinedWith: ['court.leeds-crown'] });
    });

    it('none when a new subject is made, or an agency adds to a record only it has fed', async () => {
      const juvenile = await postCourtOutcome(
        hub,
        'court.leeds-youth',
        courtExample('hearing-resulted-juvenile-community'),
      );
      const again = await postCourtOutcome(hub, 'court.leeds-youth', {
        ...courtExample('hearing-resulted-juvenile-community'),
        messageId: `LYC-${randomUUID()}`,
      });
      expect(await rows(`operation = 'subject.updated' AND correlation_id = $1`, [again.body.messageId])).toHaveLength(
        1,
      );
      expect(again.body.subjectIds).toEqual(juvenile.body.subjectIds);
      expect(await rows(`action = 'COMBINATION' AND subject_id = $1`, [juvenile.body.subjectIds[0]])).toEqual([]);
    });
  });

  describe('CONSULTATION', () => {
    it('a record read, looked up or its timeline read: with the justification and the agreements relied on', async () => {
      expect((await readSubject(hub, 'police.west-yorkshire', subjectId)).status).toBe(200);
      const headers = {
        ...(await as('police.west-yorkshire')),
        'x-justification': 'MAPPA level 2 meeting preparation',
      };
      expect((await request(hub.url).get(`/v1/subjects/${subjectId}/timeline`).set(headers)).status).toBe(200);
      expect((await request(hub.url).get('/v1/subjects?identifier=PNC:2004/0123456B').set(headers)).status).toBe(200);
      const found = await rows(`action = 'CONSULTATION' AND subject_id = $1 AND agency_id = 'police.west-yorkshire'`, [
        subjectId,
      ]);
      expect(found.map((r) => r.operation)).toEqual(['subject.read', 'subject.timeline.read', 'subject.read']);
      for (const r of found)
        expect(r).toMatchObject({
          justification: 'MAPPA level 2 meeting preparation',
          agreement_ids: ['DSA-TEST-POLICE'],
          actor_sub: 'police.west-yorkshire:test-user',
        });
    });

    it('every operator read: quarantine, agreements, a disclosure preview, overdue acknowledgements', async () => {
      const admin = await as('hub.operators');
      for (const path of [
        '/v1/admin/quarantine',
        '/v1/admin/agreements',
        `/v1/admin/agreements/DSA-TEST-POLICE/preview?subjectId=${subjectId}`,
        '/v1/admin/acknowledgements/overdue',
      ]) {
        expect({ path, status: (await request(hub.url).get(path).set(admin)).status }).toEqual({ path, status: 200 });
      }
      const found = await rows(`action = 'CONSULTATION' AND agency_id = 'hub.operators' AND operation LIKE 'admin.%'`);
      expect(found.map((r) => r.operation)).toEqual([
        'admin.quarantine.read',
        'admin.agreements.read',
        'admin.agreement.preview',
        'admin.acknowledgements.overdue.read',
      ]);
      expect(found[2]).toMatchObject({ subject_id: subjectId, agreement_ids: ['DSA-TEST-POLICE'] });
    });

    it('reads of the audit log itself, and its verification', async () => {
      const admin = { ...(await as('hub.operators')), 'x-justification': 'Quarterly lawfulness review' };
      expect((await request(hub.url).get(`/v1/audit?subjectId=${subjectId}&action=DISCLOSURE`).set(admin)).status).toBe(
        200,
      );
      expect((await request(hub.url).get('/v1/audit/verify').set(admin)).status).toBe(200);
      const found = await rows(`action = 'CONSULTATION' AND operation LIKE 'audit.%'`);
      expect(found.map((r) => r.operation)).toEqual(['audit.read', 'audit.verify']);
      expect(found[0]).toMatchObject({ subject_id: subjectId, justification: 'Quarterly lawfulness review' });
      expect(found[0].details).toMatchObject({ filters: { action: 'DISCLOSURE' } });
    });
  });

  describe('DISCLOSURE', () => {
    it('each webhook attempt (before the call, whatever the answer) and its success: recipient and agreement', async () => {
      const succeeded = await rows(`operation = 'delivery.succeeded' AND subject_id = $1`, [subjectId]);
      expect(succeeded.length).toBeGreaterThanOrEqual(4);
      for (const r of succeeded) {
        expect(r).toMatchObject({
          action: 'DISCLOSURE',
          agency_id: 'hub',
          actor_sub: 'system:delivery',
          subject_id: subjectId,
          recipients: ['police.west-yorkshire'],
          agreement_ids: ['DSA-TEST-POLICE'],
        });
        expect(r.justification).toMatch(/under DSA-TEST-POLICE/);
      }
      const attempted = await rows(`operation = 'delivery.attempted' AND subject_id = $1`, [subjectId]);
      expect(attempted.every((r) => r.action === 'DISCLOSURE' && r.recipients[0] === 'police.west-yorkshire')).toBe(
        true,
      );
      // The delivery first answered 500 has two attempts, then its success.
      const byDelivery = new Map<string, number>();
      for (const r of attempted) byDelivery.set(r.details.deliveryId, (byDelivery.get(r.details.deliveryId) ?? 0) + 1);
      const retried = [...byDelivery].find(([, n]) => n === 2);
      expect(retried).toBeDefined();
      expect(succeeded.filter((r) => r.details.deliveryId === retried![0])).toEqual([
        expect.objectContaining({ details: expect.objectContaining({ attempt: 2 }) }),
      ]);
    });

    it('each event an agency pulls from its feed', async () => {
      const found = await rows(`operation = 'feed.read'`);
      expect(found.length).toBeGreaterThan(0);
      expect(found[0]).toMatchObject({
        action: 'DISCLOSURE',
        agency_id: 'probation.yorkshire',
        recipients: ['probation.yorkshire'],
        subject_id: subjectId,
        agreement_ids: ['DSA-TEST-PROBATION'],
      });
    });
  });

  describe('ERASURE', () => {
    it('a subject erased after retention: who, whom, why', async () => {
      const old = courtExample('hearing-resulted-juvenile-community');
      Object.assign(old, { messageId: `LYC-${randomUUID()}`, case: { urn: '13SL0000002', hearingDate: '2001-11-02' } });
      Object.assign(old.defendant, {
        courtDefendantId: 'D-2001-2',
        dateOfBirth: '1985-03-15',
        name: { forenames: 'Alex', surname: 'ERASED' },
      });
      Object.assign(old.offences[0], { offenceDate: '2001-05-20', convictionDate: '2001-11-02' });
      old.sentence.sentenceDate = '2001-11-02';
      const res = await postCourtOutcome(hub, 'court.leeds-youth', old);
      expect(res.status).toBe(202);
      const erasure = await request(hub.url)
        .post(`/v1/admin/subjects/${res.body.subjectIds[0]}/erasure`)
        .set(await as('hub.operators'))
        .send({ reason: 'Retention ended (DPO-118)' });
      expect(erasure.status).toBe(200);
      const [row] = await rows(`action = 'ERASURE'`);
      expect(row).toMatchObject({
        operation: 'subject.erased',
        agency_id: 'hub.operators',
        actor_sub: 'hub.operators:test-user',
        subject_id: res.body.subjectIds[0],
        justification: 'Retention ended (DPO-118)',
      });
    });
  });

  it('and every one of those rows is in an intact chain', async () => {
    await waitForCount(
      hub.db,
      `SELECT count(*) AS n FROM deliveries WHERE status IN ('pending', 'failed')`,
      [],
      (n) => n === 0,
    );
    const res = await request(hub.url)
      .get('/v1/audit/verify')
      .set(await as('hub.operators'));
    expect(res.body).toMatchObject({ ok: true });
    const { rows: kinds } = await hub.db.query(`SELECT DISTINCT action FROM audit_log ORDER BY action`);
    expect(kinds.map((k) => k.action)).toEqual([
      'ALTERATION',
      'COLLECTION',
      'COMBINATION',
      'CONSULTATION',
      'DISCLOSURE',
      'ERASURE',
    ]);
  });
});
