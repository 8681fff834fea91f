import request from 'supertest';
import { waitForDeliveries } from '../kit/db-wait';
import { courtExample, prisonExample } from '../kit/examples';
import { postInbound, readSubject, subscribe } from '../kit/http';
import { DEFAULT_AGENCIES, startTestHub, type TestHub } from '../kit/test-hub';
import { WebhookReceiver } from '../kit/webhook-receiver';
import { fieldsNamed } from '../kit/problems';

const PRISON_EVENTS = [
  'custody.received',
  'custody.transferred',
  'release.scheduled',
  'custody.released',
  'responsibility.changed',
];

/** The police of an area receive custody milestones and changes of responsibility for subjects there. */
const policeAgreement = (id: string, recipient: string, area: string) => ({
  id,
  title: `Custody and responsibility to ${recipient}`,
  status: 'active',
  validFrom: '2026-01-01',
  validTo: '2099-12-31',
  recipients: [recipient],
  purpose: 'MAPPA_RISK_MANAGEMENT',
  lawfulBasis: 'Criminal Justice Act 2003 s.325',
  eventTypes: ['subject.created', 'conviction.recorded', 'registration.started', 'order.made', ...PRISON_EVENTS],
  conditions: { areas: [area] },
  fields: ['subject.names', 'subject.dateOfBirth', 'conviction', 'registration', 'custody', 'responsibility'],
  classification: 'OFFICIAL-SENSITIVE',
});

describe('prison custody (prison → hub)', () => {
  let hub: TestHub;
  const westYorkshire = new WebhookReceiver();
  const manchester = new WebhookReceiver();
  let subjectId: string;
  const post = (body: unknown, agency = 'prison.leeds') => postInbound(hub, 'prison', agency, body);
  const areasOf = async () =>
    (await hub.db.query(`SELECT areas FROM subjects WHERE id = $1`, [subjectId])).rows[0].areas as string[];
  const received = (r: WebhookReceiver, type: string) =>
    r.received.filter((x) => x.event.type === type).map((x) => x.event);

  beforeAll(async () => {
    hub = await startTestHub({
      agencies: [...DEFAULT_AGENCIES, { id: 'police.greater-manchester', kind: 'POLICE', areas: ['GMP'] }],
      agreements: [
        policeAgreement('DSA-TEST-WYP-CUSTODY', 'police.west-yorkshire', 'WYP'),
        policeAgreement('DSA-TEST-GMP-CUSTODY', 'police.greater-manchester', 'GMP'),
      ],
    });
    await Promise.all([westYorkshire.start(), manchester.start()]);
    expect((await subscribe(hub, 'police.west-yorkshire', westYorkshire.url, PRISON_EVENTS)).status).toBe(201);
    expect((await subscribe(hub, 'police.greater-manchester', manchester.url, PRISON_EVENTS)).status).toBe(201);
    const convicted = await postInbound(
      hub,
      'court-outcomes',
      'court.leeds-crown',
      courtExample('hearing-resulted-shpo'),
    );
    expect(convicted.status).toBe(202);
    subjectId = convicted.body.subjectIds[0];
  });

  afterAll(async () => {
    await hub?.close();
    await Promise.all([westYorkshire.close(), manchester.close()]);
  });

  it('RECEPTION opens CUSTODY at the establishment and raises custody.received', async () => {
    const res = await post(prisonExample('reception'));
    expect(res.status).toBe(202);
    expect(res.body.subjectIds).toEqual([subjectId]);
    await waitForDeliveries(hub.db, res.body.events);
    expect(received(westYorkshire, 'custody.received')[0].data.custody).toMatchObject({
      kind: 'RECEIVED',
      on: '2026-10-14',
      establishment: 'HMP Leeds',
      establishmentCode: 'LEI',
      reason: 'SENTENCED',
    });
    const read = await readSubject(hub, 'police.west-yorkshire', subjectId);
    expect(read.status).toBe(200);
    expect(read.body.custody.status).toBe('IN_CUSTODY');
    expect(read.body.responsibility.current.find((f: { kind: string }) => f.kind === 'CUSTODY')).toMatchObject({
      area: 'WYP',
      agency: 'prison.leeds',
      unit: { code: 'LEI' },
      from: '2026-10-14',
    });
    expect(manchester.received).toEqual([]);
  });

  it('TRANSFERRED to another area moves CUSTODY: responsibility.changed reaches both forces, and the new one sees the subject', async () => {
    expect((await readSubject(hub, 'police.greater-manchester', subjectId)).status).toBe(404);
    const res = await post(prisonExample('transferred'));
    expect(res.status).toBe(202);
    await waitForDeliveries(hub.db, res.body.events);
    expect(await areasOf()).toEqual(['GMP', 'WYP']);
    for (const receiver of [westYorkshire, manchester]) {
      expect(received(receiver, 'responsibility.changed').map((e) => e.data.responsibility)).toEqual([
        expect.objectContaining({ before: ['WYP'], after: ['GMP', 'WYP'], reason: 'CUSTODY_TRANSFER' }),
      ]);
    }
    expect(received(manchester, 'custody.transferred')[0].data.custody).toMatchObject({
      kind: 'TRANSFERRED',
      establishmentCode: 'MRI',
    });
    expect((await readSubject(hub, 'police.greater-manchester', subjectId)).status).toBe(200);
  });

  it('RELEASE_DATE_SET raises release.scheduled and starts the RELEASE_PLANNING deadline 28 days before the release', async () => {
    const res = await post(prisonExample('release-date-set'));
    expect(res.status).toBe(202);
    await waitForDeliveries(hub.db, res.body.events);
    expect(received(westYorkshire, 'release.scheduled')[0].data.custody.release).toMatchObject({
      expectedOn: '2026-12-03',
      releaseType: 'LICENCE',
      releaseArea: 'WYP',
    });
    const { rows } = await hub.db.query(
      `SELECT due_on::text AS due_on, status FROM deadlines WHERE subject_id = $1 AND kind = 'RELEASE_PLANNING'`,
      [subjectId],
    );
    expect(rows).toEqual([{ due_on: '2026-11-05', status: 'open' }]);
  });

  it('RELEASED closes CUSTODY: the prison area loses sight, the release address is the residence, the planning clock is done', async () => {
    const res = await post(prisonExample('released'));
    expect(res.status).toBe(202);
    await waitForDeliveries(hub.db, res.body.events);
    expect(await areasOf()).toEqual(['WYP']);
    expect(received(manchester, 'responsibility.changed').at(-1)!.data.responsibility).toMatchObject({
      before: ['GMP', 'WYP'],
      after: ['WYP'],
      reason: 'CUSTODY_RELEASE',
    });
    expect((await readSubject(hub, 'police.greater-manchester', subjectId)).status).toBe(404);
    const read = await readSubject(hub, 'police.west-yorkshire', subjectId);
    expect(read.body.custody.status).toBe('RELEASED');
    expect(
      read.body.responsibility.history
        .filter((f: { kind: string }) => f.kind === 'CUSTODY')
        .map((f: { area: string; from: string; to: string }) => [f.area, f.from, f.to]),
    ).toEqual([
      ['WYP', '2026-10-14', '2026-11-02'],
      ['GMP', '2026-11-02', '2026-12-03'],
    ]);
    const { rows } = await hub.db.query(
      `SELECT status FROM deadlines WHERE subject_id = $1 AND kind = 'RELEASE_PLANNING'`,
      [subjectId],
    );
    expect(rows).toEqual([{ status: 'cancelled' }]);
  });

  it('the same prison event sent again changes nothing', async () => {
    const res = await post(prisonExample('transferred'));
    expect(res.status).toBe(202);
    expect(res.body.events).toEqual([]);
    expect(await areasOf()).toEqual(['WYP']);
  });

  describe('bad input', () => {
    it('names every bad field with 422 and quarantines the message', async () => {
      const m = prisonExample('reception');
      const res = await post({
        ...m,
        establishment: { ...m.establishment, code: 'leeds' },
        person: { ...m.person, nomsNumber: '1234' },
        custody: { ...m.custody, reason: 'HOLIDAY' },
        transfer: prisonExample('transferred').transfer,
        extra: 1,
      });
      expect(res.status).toBe(422);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(fieldsNamed(res.body).sort()).toEqual([
        'custody.reason',
        'establishment.code',
        'extra',
        'person.nomsNumber',
        'transfer',
      ]);
      const q = await request(hub.url)
        .get('/v1/admin/quarantine?agency=prison.leeds')
        .set('authorization', `Bearer ${await hub.token('hub.operators')}`);
      expect(q.body.items.some((i: { adapter: string }) => i.adapter === 'prison')).toBe(true);
    });

    it('refuses an occurredAt more than 5 minutes ahead, and a release without its date', async () => {
      const ahead = new Date(Date.now() + 10 * 60 * 1000).toISOString();
      const res = await post({ ...prisonExample('reception'), occurredAt: ahead });
      expect(res.status).toBe(422);
      expect(fieldsNamed(res.body)).toEqual(['occurredAt']);
      const released = prisonExample('released');
      const undated = await post({
        ...released,
        release: { ...released.release, releasedOn: undefined, expectedOn: '2026-12-03' },
      });
      expect(undated.status).toBe(422);
      expect(fieldsNamed(undated.body).sort()).toEqual(['release.expectedOn', 'release.releasedOn']);
    });

    it('refuses another kind of agency (a court) with 403', async () => {
      expect((await post(prisonExample('reception'), 'court.leeds-crown')).status).toBe(403);
    });
  });
});
