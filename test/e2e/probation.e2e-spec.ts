import request from 'supertest';
import { waitForDeliveries } from '../kit/db-wait';
import { courtExample, probationExample } from '../kit/examples';
import { postCourtOutcome, postInbound, readSubject, subscribe } from '../kit/http';
import { DEFAULT_AGREEMENTS, startTestHub, type TestHub } from '../kit/test-hub';
import { WebhookReceiver } from '../kit/webhook-receiver';
import { fieldsNamed } from '../kit/problems';

const [POLICE, PROBATION] = DEFAULT_AGREEMENTS;
const PROBATION_EVENTS = [
  'risk.assessed',
  'risk.level.changed',
  'mappa.changed',
  'licence.conditions.set',
  'offender-manager.allocated',
  'custody.released',
  'custody.recalled',
  'supervision.ended',
  'subject.details.changed',
];

/** A probation message about John Smith (PNC 2004/0123456B, CRN X123456), varied per test. */
function message(eventId: string, eventType: string, body: Record<string, unknown>) {
  const base = probationExample('mappa-changed');
  delete base.mappa;
  return { ...base, eventId, eventType, ...body };
}
const assessment = (eventId: string, completedOn: string, roshOverall: string) => {
  const m = probationExample('risk-assessment-completed');
  return { ...m, eventId, riskAssessment: { ...m.riskAssessment, completedOn, roshOverall } };
};

describe('probation records reach the canonical record and the agencies entitled to them', () => {
  let hub: TestHub;
  const police = new WebhookReceiver();
  const housing = new WebhookReceiver();
  let subjectId: string;
  const post = (body: unknown, key?: string) => postInbound(hub, 'probation', 'probation.yorkshire', body, { key });
  const typesFor = (r: WebhookReceiver, from: number) => r.received.slice(from).map((x) => x.event.type);

  beforeAll(async () => {
    hub = await startTestHub({
      agreements: [
        {
          ...POLICE,
          eventTypes: [...(POLICE.eventTypes as string[]), ...PROBATION_EVENTS],
          fields: [
            ...(POLICE.fields as string[]),
            'risk',
            'mappa',
            'licence',
            'offenderManager',
            'custody',
            'supervision',
          ],
        },
        PROBATION,
        {
          id: 'DSA-TEST-HOUSING-RISK',
          title: 'Overall risk level only, to Leeds City housing',
          status: 'active',
          validFrom: '2026-01-01',
          recipients: ['dtc.leeds-city-housing'],
          purpose: 'SAFEGUARDING_ALERT',
          lawfulBasis: 'Criminal Justice Act 2003 s.325(3)',
          eventTypes: ['risk.level.changed'],
          conditions: { areas: ['WYP'] },
          fields: ['subject.names', 'risk.roshOverall'],
          excludeProvenance: ['NOTIFICATION'],
          classification: 'OFFICIAL-SENSITIVE',
        },
      ],
    });
    await Promise.all([police.start(), housing.start()]);
    expect((await subscribe(hub, 'police.west-yorkshire', police.url, PROBATION_EVENTS)).status).toBe(201);
    expect((await subscribe(hub, 'dtc.leeds-city-housing', housing.url, ['risk.level.changed'])).status).toBe(201);
    subjectId = (await postCourtOutcome(hub, 'court.leeds-crown', courtExample('hearing-resulted-shpo'))).body
      .subjectIds[0];
  });

  afterAll(async () => {
    await hub?.close();
    await Promise.all([police.close(), housing.close()]);
  });

  it("finds the court's subject by PNC id and records the first assessment (no level to change from yet)", async () => {
    const res = await post(probationExample('risk-assessment-completed'));
    expect(res.status).toBe(202);
    expect(res.body.subjectIds).toEqual([subjectId]);
    // Probation's CRN and NOMS number are new details of the court's subject: both events, in
    // either order (deliveries of different events race), before the next test counts from here.
    await police.waitFor((r) =>
      ['risk.assessed', 'subject.details.changed'].every((t) => r.some((x) => x.event.type === t)),
    );
    // Everything the message raised has arrived, so the absence below is final.
    await waitForDeliveries(hub.db, res.body.events);
    expect(police.types()).not.toContain('risk.level.changed');
    const assessed = police.received.find((x) => x.event.type === 'risk.assessed')!.event.data.risk;
    expect(assessed).toMatchObject({
      roshOverall: 'VERY_HIGH',
      current: true,
      assessment: { tool: 'OASYS', completedOn: '2026-11-03', rosh: { children: 'VERY_HIGH' } },
    });
  });

  it('raises risk.level.changed when a newer assessment changes the overall level', async () => {
    const before = police.received.length;
    const res = await post(assessment('ND-EVT-2', '2026-11-20', 'HIGH'));
    expect(res.status).toBe(202);
    // Both events, in either order: wait for every delivery the message caused, not just one.
    await waitForDeliveries(hub.db, res.body.events);
    expect(typesFor(police, before).sort()).toEqual(['risk.assessed', 'risk.level.changed']);
    const changed = police.received.find((x) => x.event.type === 'risk.level.changed')!.event.data.risk;
    expect(changed).toMatchObject({ roshOverall: 'HIGH', previousRoshOverall: 'VERY_HIGH' });
  });

  it('a narrower agreement passes only the overall level', async () => {
    await housing.waitFor((r) => r.length === 1);
    const { data } = housing.received[0].event;
    expect(data).toEqual({ subject: { names: expect.any(Array) }, risk: { roshOverall: 'HIGH' } });
    expect(housing.received[0].body).not.toContain('assessor');
  });

  it('an older assessment arriving late joins the history but never overwrites the current level', async () => {
    const before = police.received.length;
    const res = await post(assessment('ND-EVT-0', '2026-10-01', 'LOW'));
    expect(res.status).toBe(202);
    // Not a fixed sleep: once every delivery the message caused has been made, no
    // risk.level.changed can still be on its way, however slow the machine.
    await waitForDeliveries(hub.db, res.body.events);
    expect(typesFor(police, before)).toEqual(['risk.assessed']);
    const read = await readSubject(hub, 'police.west-yorkshire', subjectId);
    expect(read.body.risk.roshOverall).toBe('HIGH');
    expect(read.body.risk.assessments.map((a: { completedOn: string }) => a.completedOn)).toEqual([
      '2026-11-20',
      '2026-11-03',
      '2026-10-01',
    ]);
  });

  it('the same probation event sent again (new Idempotency-Key) changes nothing and raises nothing', async () => {
    const res = await post(assessment('ND-EVT-2', '2026-11-20', 'HIGH'));
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ subjectIds: [subjectId], events: [] });
  });

  it('records MAPPA with its history and makes the subject MAPPA category 1', async () => {
    const res = await post(probationExample('mappa-changed'));
    expect(res.status).toBe(202);
    await police.waitFor((r) => r.some((x) => x.event.type === 'mappa.changed'));
    const read = await readSubject(hub, 'police.west-yorkshire', subjectId);
    expect(read.body.mappa).toMatchObject({ category: 1, level: 2, leadAgency: 'PROBATION', startDate: '2026-11-04' });
    const { body } = await post(
      message('ND-EVT-M2', 'MAPPA_CHANGED', {
        mappa: { category: 1, level: 3, startDate: '2026-11-25', leadAgency: 'POLICE' },
      }),
    );
    expect(body.events).toHaveLength(1);
    await waitForDeliveries(hub.db, [...res.body.events, ...body.events]); // none left to land in the next test
    const again = await readSubject(hub, 'police.west-yorkshire', subjectId);
    expect(again.body.mappa).toMatchObject({
      level: 3,
      leadAgency: 'POLICE',
      history: [expect.objectContaining({ level: 2 })],
    });
  });

  it('folds every other event type into the record, each raising its event', async () => {
    const cases: [string, Record<string, unknown>, string][] = [
      [
        'LICENCE_CONDITIONS_SET',
        {
          licence: {
            startDate: '2026-11-10',
            expiryDate: '2031-02-09',
            conditions: [{ code: 'CURFEW', text: 'Curfew 19:00-07:00' }],
          },
        },
        'licence.conditions.set',
      ],
      [
        'OFFENDER_MANAGER_ALLOCATED',
        {
          offenderManager: {
            name: 'C. Example',
            team: 'Leeds North',
            email: 'c.example@justice.example',
            phone: '0113 496 0000',
          },
        },
        'offender-manager.allocated',
      ],
      [
        'ADDRESS_CHANGED',
        {
          address: {
            line1: 'Approved Premises',
            town: 'Leeds',
            postcode: 'LS7 3AB',
            type: 'APPROVED_PREMISES',
            from: '2026-11-10',
          },
        },
        'subject.details.changed',
      ],
      [
        'RELEASED',
        { release: { releasedOn: '2026-11-10', establishment: 'HMP Leeds', licenceExpiry: '2031-02-09' } },
        'custody.released',
      ],
      ['RECALLED', { recall: { recalledOn: '2026-11-15', reason: 'Breach of curfew' } }, 'custody.recalled'],
      ['SUPERVISION_ENDED', { supervision: { endedOn: '2031-02-09', reason: 'Licence expired' } }, 'supervision.ended'],
    ];
    for (const [eventType, body, expected] of cases) {
      const res = await post(message(`ND-${eventType}`, eventType, body));
      expect(res.status).toBe(202);
      // This message's own event, not an earlier one of the same type arriving late.
      await police.waitFor((r) => r.some((x) => res.body.events.includes(x.event.id) && x.event.type === expected));
    }
    const read = await readSubject(hub, 'police.west-yorkshire', subjectId);
    expect(read.body).toMatchObject({
      licence: { expiryDate: '2031-02-09', conditions: [{ code: 'CURFEW' }] },
      offenderManager: { team: 'Leeds North' },
      address: { postcode: 'LS7 3AB', type: 'APPROVED_PREMISES' },
      custody: { status: 'RECALLED' },
      supervision: { ended: { endedOn: '2031-02-09', reason: 'Licence expired' } },
    });
    expect(police.received.find((x) => x.event.type === 'supervision.ended')!.event.data.supervision).toMatchObject({
      endedOn: '2031-02-09',
    });
    const probationRead = await readSubject(hub, 'probation.yorkshire', subjectId);
    expect(probationRead.body).not.toHaveProperty('address');
    expect(probationRead.body).not.toHaveProperty('risk');
  });

  it('release from custody starts the initial notification clock (3 days from release)', async () => {
    // Released 2026-11-10, then recalled: the clock only runs while released, so post a new release.
    expect(
      (
        await post(
          message('ND-REL-2', 'RELEASED', { release: { releasedOn: '2026-11-20', establishment: 'HMP Leeds' } }),
        )
      ).status,
    ).toBe(202);
    const { rows } = await hub.db.query(
      `SELECT kind, due_on::text AS due_on FROM deadlines WHERE subject_id = $1 AND status = 'open' ORDER BY kind`,
      [subjectId],
    );
    expect(rows).toContainEqual({ kind: 'INITIAL_NOTIFICATION', due_on: '2026-11-23' });
    expect(rows).toContainEqual({ kind: 'OASYS_REVIEW', due_on: '2027-02-23' });
  });

  describe('bad input', () => {
    it('names the missing body field, a body field of another type, and bad values', async () => {
      const res = await post({
        ...probationExample('risk-assessment-completed'),
        riskAssessment: undefined,
        mappa: { category: 5, level: 2, startDate: '2026-11-04', leadAgency: 'PROBATION' },
        person: { ...probationExample('mappa-changed').person, crn: '123456' },
      });
      expect(res.status).toBe(422);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(fieldsNamed(res.body).sort()).toEqual(['mappa', 'mappa.category', 'person.crn', 'riskAssessment'].sort());
    });

    it('refuses unknown enum values and unknown fields', async () => {
      const m = probationExample('risk-assessment-completed');
      const res = await post({
        ...m,
        riskAssessment: { ...m.riskAssessment, roshOverall: 'EXTREME', tool: 'CRYSTAL_BALL' },
        extra: 1,
      });
      expect(res.status).toBe(422);
      expect(fieldsNamed(res.body).sort()).toEqual(['extra', 'riskAssessment.roshOverall', 'riskAssessment.tool']);
    });

    it('refuses another kind of agency (a court) with 403', async () => {
      const res = await postInbound(hub, 'probation', 'court.leeds-crown', probationExample('mappa-changed'));
      expect(res.status).toBe(403);
    });

    it('quarantines malformed JSON with 400 and keeps it for operators', async () => {
      const res = await post('{"eventType": "MAPPA_CHANGED",');
      expect(res.status).toBe(400);
      const q = await request(hub.url)
        .get('/v1/admin/quarantine?agency=probation.yorkshire')
        .set('authorization', `Bearer ${await hub.token('hub.operators')}`);
      expect(q.body.items.some((i: { adapter: string }) => i.adapter === 'probation')).toBe(true);
    });
  });
});
