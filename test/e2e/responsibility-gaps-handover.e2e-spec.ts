import request from 'supertest';
import { ClockScheduler } from '../../src/clocks/clock-scheduler';
import { waitForDeliveries } from '../kit/db-wait';
import { courtExample, probationExample } from '../kit/examples';
import { postCourtOutcome, postInbound, readSubject, subscribe } from '../kit/http';
import { waitForStartupClockTicks } from '../kit/queue-wait';
import { DEFAULT_AGENCIES, startTestHub, type TestHub } from '../kit/test-hub';
import { WebhookReceiver } from '../kit/webhook-receiver';

const EVENTS = ['responsibility.changed', 'responsibility.gap'];
const agreement = (recipient: string, area: string) => ({
  id: `DSA-TEST-${recipient.toUpperCase().replace(/\./g, '-')}`,
  title: `Responsibility to ${recipient}`,
  status: 'active',
  validFrom: '2026-01-01',
  validTo: '2099-12-31',
  recipients: [recipient],
  purpose: 'MAPPA_RISK_MANAGEMENT',
  lawfulBasis: 'Criminal Justice Act 2003 s.325',
  eventTypes: EVENTS,
  conditions: { areas: [area] },
  fields: ['subject.names', 'responsibility', 'risk', 'licence', 'mappa'],
  ackWithin: 'P2D',
  classification: 'OFFICIAL-SENSITIVE',
});
const at = (date: string) => new Date(`${date}T12:00:00Z`);

describe('responsibility gaps and the licence-end handover (responsibility.md)', () => {
  let hub: TestHub;
  let clocks: ClockScheduler;
  const westYorkshire = new WebhookReceiver();
  const metropolitan = new WebhookReceiver();
  const admin = async (path: string) =>
    request(hub.url)
      .get(`/v1/admin/responsibility/${path}`)
      .set('authorization', `Bearer ${await hub.token('hub.operators')}`);
  const eventsOf = async (subjectId: string, type: string) =>
    (
      await hub.db.query(`SELECT id FROM events WHERE subject_id = $1 AND type = $2 ORDER BY sequence`, [
        subjectId,
        type,
      ])
    ).rows.map((r: { id: string }) => r.id as string);

  beforeAll(async () => {
    hub = await startTestHub({
      agencies: DEFAULT_AGENCIES,
      agreements: [agreement('police.west-yorkshire', 'WYP'), agreement('police.metropolitan', 'MPS')],
      env: { HUB_CLOCK_INTERVAL_MS: '3600000' },
    });
    clocks = hub.app.get(ClockScheduler);
    // The start-up tick runs on today's date; let it pass before any subject exists.
    await waitForStartupClockTicks(hub);
    for (const [agency, receiver] of [
      ['police.west-yorkshire', westYorkshire],
      ['police.metropolitan', metropolitan],
    ] as const) {
      await receiver.start();
      expect((await subscribe(hub, agency, receiver.url, EVENTS)).status).toBe(201);
    }
  });

  afterAll(async () => {
    await hub?.close();
    await westYorkshire.close();
    await metropolitan.close();
  });

  it('NO_POLICE_MANAGER: requirements in force and no police manager 3 days after they start raise a gap to that area’s police, listed until a force manages the person', async () => {
    // Community disposal, convicted 2026-11-02 in Leeds: requirements start; nobody polices her yet.
    const subjectId = (
      await postCourtOutcome(hub, 'court.leeds-youth', courtExample('hearing-resulted-juvenile-community'))
    ).body.subjectIds[0];
    await clocks.tick('deadlines', at('2026-11-05')); // the third day: still in time
    expect(await eventsOf(subjectId, 'responsibility.gap')).toEqual([]);
    expect((await admin('gaps')).body.gaps).toEqual([]);
    await clocks.tick('deadlines', at('2026-11-06'));
    const gapEvents = await eventsOf(subjectId, 'responsibility.gap');
    expect(gapEvents).toHaveLength(1);
    await waitForDeliveries(hub.db, gapEvents);
    const told = westYorkshire.received.filter((r) => r.event.type === 'responsibility.gap');
    expect(told.map((r) => r.event.data.responsibility.gap)).toEqual([
      { kind: 'NO_POLICE_MANAGER', area: 'WYP', from: '2026-11-06' },
    ]);
    // Only that area's police: the Met (under an agreement for its own area) hears nothing.
    expect(metropolitan.received).toEqual([]);
    expect((await admin('gaps')).body.gaps).toEqual([
      { subjectId, kind: 'NO_POLICE_MANAGER', area: 'WYP', since: '2026-11-06' },
    ]);
    // The HubResponsibilityGaps alert's metric counts it (deploy/alerts.yaml).
    const gapsMetric = async () =>
      (await request(hub.url).get('/metrics')).text.split('\n').filter((l) => l.startsWith('hub_responsibility_gaps{'));
    expect(await gapsMetric()).toEqual(['hub_responsibility_gaps{area="WYP",kind="NO_POLICE_MANAGER"} 1']);
    // Raised once, however often the clock ticks.
    await clocks.tick('deadlines', at('2026-11-07'));
    expect(await eventsOf(subjectId, 'responsibility.gap')).toEqual(gapEvents);

    // She notifies West Yorkshire Police: a police manager, and the gap closes.
    const notified = await postInbound(hub, 'pnc', 'police.west-yorkshire', {
      schemaVersion: '1.0',
      updateId: 'PNC-WYP-GAP-1',
      updateType: 'NOTIFICATION_RECEIVED',
      recordedAt: '2026-11-08T09:00:00Z',
      force: 'WYP',
      nominal: {
        pncId: '2026/0901234X',
        names: [{ forenames: 'Siobhán', surname: "O'CONNOR-NWOSU", type: 'PRIMARY' }],
        dateOfBirth: '2010-03-15',
        sex: 'F',
      },
      notification: { kind: 'INITIAL', receivedOn: '2026-11-08', details: {} },
    });
    expect(notified.status).toBe(202);
    expect(notified.body.subjectIds).toEqual([subjectId]);
    expect((await admin('gaps')).body.gaps).toEqual([]);
    expect(await gapsMetric()).toEqual([]);
    const { rows } = await hub.db.query(
      `SELECT status FROM deadlines WHERE subject_id = $1 AND kind = 'POLICE_MANAGER'`,
      [subjectId],
    );
    expect(rows).toEqual([{ status: 'met' }]);

    // Her requirements end with 1 May 2029 (2½ years, a youth): so does the police force's management.
    await clocks.tick('deadlines', at('2029-05-02'));
    const changes = await eventsOf(subjectId, 'responsibility.changed');
    await waitForDeliveries(hub.db, changes);
    const last = westYorkshire.received
      .filter((r) => r.event.subject === subjectId && r.event.type === 'responsibility.changed')
      .at(-1)!;
    expect(last.event.data.responsibility).toMatchObject({ before: ['WYP'], after: [], reason: 'REQUIREMENTS_ENDED' });
    const stored = await hub.db.query(`SELECT areas, record->'responsibility' AS facts FROM subjects WHERE id = $1`, [
      subjectId,
    ]);
    expect(stored.rows[0].areas).toEqual([]);
    expect(stored.rows[0].facts.find((f: { kind: string }) => f.kind === 'POLICE_MANAGER')).toMatchObject({
      area: 'WYP',
      to: '2029-05-02',
    });
  });

  it('licence end: supervision ending while the requirements continue passes the MAPPA lead to police with a handover package, which police acknowledge', async () => {
    // John Michael SMITH: SHPO and indefinite requirements, Leeds; probation manages him on licence.
    const subjectId = (await postCourtOutcome(hub, 'court.leeds-crown', courtExample('hearing-resulted-shpo'))).body
      .subjectIds[0];
    const { mappa, ...base } = probationExample('mappa-changed');
    const probation = async (eventId: string, eventType: string, body: Record<string, unknown>) => {
      const res = await postInbound(hub, 'probation', 'probation.yorkshire', {
        ...base,
        eventId,
        eventType,
        occurredAt: '2026-11-04T09:00:00Z',
        ...body,
      });
      expect(res.status).toBe(202);
      await waitForDeliveries(hub.db, res.body.events);
      return res;
    };
    await probation('HO-1', 'OFFENDER_MANAGER_ALLOCATED', {
      offenderManager: {
        name: 'Sam Officer',
        team: 'Leeds North',
        email: 'sam@example.gov.uk',
        phone: '0113 000 0000',
      },
    });
    await probation('HO-2', 'MAPPA_CHANGED', { mappa });
    await probation('HO-3', 'LICENCE_CONDITIONS_SET', {
      licence: {
        startDate: '2026-05-01',
        expiryDate: '2026-11-20',
        conditions: [{ code: 'NO_CONTACT_VICTIM', text: 'No contact with the victim' }],
      },
    });
    const ended = await probation('HO-4', 'SUPERVISION_ENDED', {
      supervision: { endedOn: '2026-11-20', reason: 'Licence expired' },
    });

    const handoverEvent = westYorkshire.received.find(
      (r) => r.event.subject === subjectId && r.event.data.responsibility?.handover,
    )!.event;
    expect(ended.body.events).toContain(handoverEvent.id);
    expect(handoverEvent.type).toBe('responsibility.changed');
    expect(handoverEvent.data.responsibility).toMatchObject({
      reason: 'SUPERVISION_ENDED',
      before: ['WYP'],
      after: ['WYP'],
      handover: { leadAgency: 'POLICE', areas: ['WYP'], on: '2026-11-20', acknowledgementRequired: true },
    });
    // The package: licence conditions and the MAPPA status with its open actions (none held yet).
    expect(handoverEvent.data.licence.conditions).toEqual([
      { code: 'NO_CONTACT_VICTIM', text: 'No contact with the victim' },
    ]);
    expect(handoverEvent.data.mappa).toMatchObject({ category: 1, level: 2, actions: [] });
    const read = await readSubject(hub, 'police.west-yorkshire', subjectId);
    expect(read.body.responsibility.current).toContainEqual(
      expect.objectContaining({ kind: 'MAPPA_LEAD', agency: 'POLICE', area: 'WYP', from: '2026-11-20' }),
    );

    const listed = async () =>
      ((await admin('handovers')).body.handovers as { eventId: string }[]).find((h) => h.eventId === handoverEvent.id);
    expect(await listed()).toEqual({
      subjectId,
      eventId: handoverEvent.id,
      areas: ['WYP'],
      on: '2026-11-20',
      acknowledged: null,
    });
    const ack = await request(hub.url)
      .post(`/v1/events/${handoverEvent.id}/acknowledgements`)
      .set('authorization', `Bearer ${await hub.token('police.west-yorkshire')}`)
      .send({ note: 'Taken on by the MOSOVO team' });
    expect(ack.status).toBe(201);
    expect(await listed()).toMatchObject({ acknowledged: { agency: 'police.west-yorkshire', at: expect.any(String) } });
  });
});
