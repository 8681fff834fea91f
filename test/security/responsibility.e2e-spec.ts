import { waitForDeliveries } from '../kit/db-wait';
import { courtExample, probationExample } from '../kit/examples';
import { postInbound, readSubject, subscribe } from '../kit/http';
import { DEFAULT_AGENCIES, DEFAULT_AGREEMENTS, startTestHub, type TestHub } from '../kit/test-hub';
import { WebhookReceiver } from '../kit/webhook-receiver';

/**
 * Security review item 1: any push granted sight. A force that pushed one message naming another
 * force's subject had its area added to the subject, and with it reads and later events. Now a
 * message adds an area only through a responsibility fact it contributes (responsibility.md).
 */
const COURT_EVENTS = [
  'subject.created',
  'subject.details.changed',
  'conviction.recorded',
  'registration.started',
  'registration.changed',
  'order.made',
  'order.varied',
  'order.discharged',
];

/** What the Metropolitan Police and a Manchester court would be given, were the subject in their areas. */
const outsideAgreement = (id: string, recipient: string, areas: string[]) => ({
  id,
  title: `Court outcomes to ${recipient}`,
  status: 'active',
  validFrom: '2026-01-01',
  validTo: '2099-12-31',
  recipients: [recipient],
  purpose: 'MAPPA_RISK_MANAGEMENT',
  lawfulBasis: 'Criminal Justice Act 2003 s.325',
  eventTypes: [...COURT_EVENTS, 'responsibility.changed'],
  conditions: { areas },
  fields: ['subject.names', 'subject.dateOfBirth', 'conviction', 'registration', 'order', 'responsibility'],
  classification: 'OFFICIAL-SENSITIVE',
});

/** John Michael SMITH (PNC 2004/0123456B) exactly as the Leeds court recorded him: a no-op national record update. */
const noOpNominalUpdate = (force: string) => ({
  schemaVersion: '1.0',
  updateId: `PNC-UPD-${force}-1`,
  updateType: 'NOMINAL_UPDATED',
  recordedAt: '2026-10-15T09:00:00Z',
  force,
  nominal: {
    pncId: '2004/0123456B',
    names: [{ forenames: 'John Michael', surname: 'SMITH', type: 'PRIMARY' }],
    dateOfBirth: '1986-02-28',
    sex: 'M',
  },
});

describe('security: sending a message about a person never grants sight of them', () => {
  let hub: TestHub;
  const met = new WebhookReceiver();
  let subjectId: string;
  const areasOf = async (id: string) =>
    (await hub.db.query(`SELECT areas FROM subjects WHERE id = $1`, [id])).rows[0].areas as string[];
  const factsOf = async (id: string) =>
    (await hub.db.query(`SELECT record->'responsibility' AS facts FROM subjects WHERE id = $1`, [id])).rows[0]
      .facts as { kind: string; area: string; to?: string }[];

  beforeAll(async () => {
    hub = await startTestHub({
      agencies: [
        ...DEFAULT_AGENCIES,
        { id: 'court.manchester-crown', kind: 'COURT', areas: ['GMP'] },
        { id: 'police.greater-manchester', kind: 'POLICE', areas: ['GMP'] },
      ],
      agreements: [
        ...DEFAULT_AGREEMENTS,
        outsideAgreement('DSA-TEST-MET', 'police.metropolitan', ['MPS']),
        outsideAgreement('DSA-TEST-GMP', 'police.greater-manchester', ['GMP']),
      ],
    });
    await met.start();
    expect((await subscribe(hub, 'police.metropolitan', met.url, COURT_EVENTS)).status).toBe(201);
    // A Leeds conviction of a man living in Leeds: CONVICTING_COURT WYP and RESIDENCE WYP.
    const res = await postInbound(hub, 'court-outcomes', 'court.leeds-crown', courtExample('hearing-resulted-shpo'));
    expect(res.status).toBe(202);
    subjectId = res.body.subjectIds[0];
    await waitForDeliveries(hub.db, res.body.events);
  });

  afterAll(async () => {
    await hub?.close();
    await met.close();
  });

  it('a second force pushing a no-op NOMINAL_UPDATED by PNC id gains no area, no read and no later event', async () => {
    expect(await areasOf(subjectId)).toEqual(['WYP']);
    expect((await readSubject(hub, 'police.metropolitan', subjectId)).status).toBe(404);

    const push = await postInbound(hub, 'pnc', 'police.metropolitan', noOpNominalUpdate('MPS'));
    expect(push.status).toBe(202);
    expect(push.body.subjectIds).toEqual([subjectId]);
    expect(push.body.events).toEqual([]);

    expect(await areasOf(subjectId)).toEqual(['WYP']);
    expect((await readSubject(hub, 'police.metropolitan', subjectId)).status).toBe(404);
    expect((await readSubject(hub, 'police.west-yorkshire', subjectId)).status).toBe(200);

    // A later event about the subject (the court varies the order) reaches West Yorkshire, not the Met.
    const vary = courtExample('hearing-resulted-shpo');
    vary.messageType = 'ORDER_VARIED';
    vary.messageId = 'LCC-VARY-1';
    vary.orders[0].variedOn = '2026-11-02';
    vary.orders[0].prohibitions = vary.orders[0].prohibitions.slice(0, 1);
    delete vary.sentence;
    vary.offences = [];
    const later = await postInbound(hub, 'court-outcomes', 'court.leeds-crown', vary);
    expect(later.status).toBe(202);
    expect(later.body.events.length).toBeGreaterThan(0);
    await waitForDeliveries(hub.db, later.body.events);
    const { rows } = await hub.db.query(`SELECT agency_id FROM deliveries WHERE event_id = ANY($1::uuid[])`, [
      later.body.events,
    ]);
    expect(rows.map((r) => r.agency_id)).not.toContain('police.metropolitan');
    expect(met.received).toEqual([]);
  });

  it('a force cannot claim to manage someone in another force area, even with a notification', async () => {
    const claim = {
      ...noOpNominalUpdate('WYP'),
      updateId: 'PNC-UPD-MET-CLAIM',
      updateType: 'NOTIFICATION_RECEIVED',
      notification: { kind: 'CHANGE_OF_DETAILS', receivedOn: '2026-10-16', details: { phones: ['07700900123'] } },
    };
    expect((await postInbound(hub, 'pnc', 'police.metropolitan', claim)).status).toBe(202);
    expect(await areasOf(subjectId)).toEqual(['WYP']);
    expect((await factsOf(subjectId)).filter((f) => f.kind === 'POLICE_MANAGER')).toEqual([]);
    expect((await readSubject(hub, 'police.metropolitan', subjectId)).status).toBe(404);
  });

  it('a court of another area re-sending the conviction adds nothing', async () => {
    const duplicate = await postInbound(hub, 'court-outcomes', 'court.manchester-crown', {
      ...courtExample('hearing-resulted-shpo'),
      messageId: 'MCC-DUP-1',
    });
    expect(duplicate.status).toBe(202);
    expect(await areasOf(subjectId)).toEqual(['WYP']);
    expect((await factsOf(subjectId)).some((f) => f.area === 'GMP')).toBe(false);
    expect((await readSubject(hub, 'police.greater-manchester', subjectId)).status).toBe(404);
  });

  it('a new conviction by a court of another area adds only a CONVICTING_COURT fact, and only while no manager exists', async () => {
    const conviction = (urn: string, messageId: string) => {
      const body = courtExample('hearing-resulted-shpo');
      return { ...body, messageId, case: { ...body.case, urn }, orders: [] };
    };
    const first = await postInbound(
      hub,
      'court-outcomes',
      'court.manchester-crown',
      conviction('06MC7654321', 'MCC-NEW-1'),
    );
    expect(first.status).toBe(202);
    expect(await areasOf(subjectId)).toEqual(['GMP', 'WYP']);
    expect((await factsOf(subjectId)).filter((f) => f.area === 'GMP').map((f) => f.kind)).toEqual(['CONVICTING_COURT']);
    expect((await readSubject(hub, 'police.greater-manchester', subjectId)).status).toBe(200);

    // Yorkshire probation takes the case: the convicting courts' areas end, Manchester loses sight.
    const allocation = {
      ...probationExample('mappa-changed'),
      eventId: 'ND-EVT-OM-1',
      eventType: 'OFFENDER_MANAGER_ALLOCATED',
      occurredAt: '2026-10-20T09:00:00Z',
      mappa: undefined,
      person: {
        crn: 'X123456',
        pncId: '2004/0123456B',
        name: { forenames: 'John Michael', surname: 'SMITH' },
        dateOfBirth: '1986-02-28',
      },
      offenderManager: {
        name: 'Sam Officer',
        team: 'Leeds North',
        email: 'sam.officer@example.gov.uk',
        phone: '0113 000 0000',
      },
    };
    const allocated = await postInbound(hub, 'probation', 'probation.yorkshire', allocation);
    expect(allocated.status).toBe(202);
    expect(await areasOf(subjectId)).toEqual(['WYP']);
    expect((await readSubject(hub, 'police.greater-manchester', subjectId)).status).toBe(404);

    // With a manager in place, another outside conviction adds no area.
    const second = await postInbound(
      hub,
      'court-outcomes',
      'court.manchester-crown',
      conviction('06MC7654322', 'MCC-NEW-2'),
    );
    expect(second.status).toBe(202);
    expect(await areasOf(subjectId)).toEqual(['WYP']);
  });
});
