import request from 'supertest';
import { waitForDeliveries } from '../kit/db-wait';
import { courtExample, probationExample } from '../kit/examples';
import { postInbound, readSubject, subscribe } from '../kit/http';
import { DEFAULT_AGENCIES, startTestHub, type TestHub } from '../kit/test-hub';
import { WebhookReceiver } from '../kit/webhook-receiver';
import { fieldsNamed } from '../kit/problems';

const EVENTS = ['transfer.requested', 'responsibility.changed', 'responsibility.gap'];
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
  fields: ['subject.names', 'responsibility'],
  classification: 'OFFICIAL-SENSITIVE',
});

/** John Michael SMITH's probation case, one event of it. */
const probation = (eventId: string, eventType: string, body: Record<string, unknown>) => {
  const { mappa: _mappa, ...base } = probationExample('mappa-changed');
  return { ...base, eventId, eventType, occurredAt: '2026-11-01T09:00:00Z', ...body };
};

describe('probation transfers move the probation manager, and both sides hear', () => {
  let hub: TestHub;
  const receivers = new Map([
    ['police.west-yorkshire', new WebhookReceiver()],
    ['police.greater-manchester', new WebhookReceiver()],
    ['probation.greater-manchester', new WebhookReceiver()],
  ]);
  let subjectId: string;
  const areasOf = async () =>
    (await hub.db.query(`SELECT areas FROM subjects WHERE id = $1`, [subjectId])).rows[0].areas as string[];
  const gaps = async () =>
    request(hub.url)
      .get('/v1/admin/responsibility/gaps')
      .set('authorization', `Bearer ${await hub.token('hub.operators')}`);
  const post = async (body: unknown) => {
    const res = await postInbound(hub, 'probation', 'probation.yorkshire', body);
    expect(res.status).toBe(202);
    await waitForDeliveries(hub.db, res.body.events);
    return res;
  };

  beforeAll(async () => {
    hub = await startTestHub({
      agencies: [
        ...DEFAULT_AGENCIES,
        { id: 'police.greater-manchester', kind: 'POLICE', areas: ['GMP'] },
        { id: 'probation.greater-manchester', kind: 'PROBATION', areas: ['GMP'] },
      ],
      agreements: [
        agreement('police.west-yorkshire', 'WYP'),
        agreement('police.greater-manchester', 'GMP'),
        agreement('probation.greater-manchester', 'GMP'),
      ],
    });
    for (const [agency, receiver] of receivers) {
      await receiver.start();
      expect((await subscribe(hub, agency, receiver.url, EVENTS)).status).toBe(201);
    }
    subjectId = (await postInbound(hub, 'court-outcomes', 'court.leeds-crown', courtExample('hearing-resulted-shpo')))
      .body.subjectIds[0];
    await post(
      probation('OM-1', 'OFFENDER_MANAGER_ALLOCATED', {
        offenderManager: {
          name: 'Sam Officer',
          team: 'Leeds North',
          email: 'sam@example.gov.uk',
          phone: '0113 000 0000',
        },
      }),
    );
  });

  afterAll(async () => {
    await hub?.close();
    for (const r of receivers.values()) await r.close();
  });

  it('TRANSFER_REQUESTED raises transfer.requested to both regions and the police of both areas', async () => {
    expect(await areasOf()).toEqual(['WYP']);
    await post(
      probation('TR-1', 'TRANSFER_REQUESTED', {
        transfer: {
          toProvider: { code: 'N50', name: 'Probation Service - Greater Manchester' },
          requestedOn: '2026-11-01',
          reason: 'Moving to live with family',
        },
      }),
    );
    for (const receiver of receivers.values()) {
      const [event] = receiver.received.filter((r) => r.event.type === 'transfer.requested').map((r) => r.event);
      expect(event.data.responsibility.transfer).toMatchObject({
        toProvider: { code: 'N50' },
        toArea: 'GMP',
        fromAreas: ['WYP'],
        requestedOn: '2026-11-01',
      });
    }
    // Asked for, not yet accepted: nothing moved.
    expect(await areasOf()).toEqual(['WYP']);
  });

  it('TRANSFER_ACCEPTED moves PROBATION_MANAGER: responsibility.changed reaches the losing and the gaining side, then only the new areas see the subject', async () => {
    // The person moves to Manchester first: residence there.
    await post(
      probation('AD-1', 'ADDRESS_CHANGED', {
        address: {
          line1: '3 Sample Street',
          town: 'Manchester',
          postcode: 'M14 5RT',
          type: 'HOME',
          from: '2026-11-03',
        },
      }),
    );
    expect(await areasOf()).toEqual(['GMP', 'WYP']);
    // Registered, and no force manages him in Manchester: a gap, told to Greater Manchester Police.
    const gapEvent = receivers
      .get('police.greater-manchester')!
      .received.find((r) => r.event.type === 'responsibility.gap')!.event;
    expect(gapEvent.data.responsibility.gap).toMatchObject({ kind: 'UNMANAGED_ARRIVAL', area: 'GMP' });
    // Only the new area's police: West Yorkshire, whose area he still has, is not told of Manchester's gap.
    expect(
      receivers.get('police.west-yorkshire')!.received.filter((r) => r.event.type === 'responsibility.gap'),
    ).toEqual([]);
    expect((await gaps()).body.gaps).toEqual([
      { subjectId, kind: 'UNMANAGED_ARRIVAL', area: 'GMP', since: expect.any(String) },
    ]);
    await post(
      probation('TA-1', 'TRANSFER_ACCEPTED', {
        transfer: {
          toProvider: { code: 'N50', name: 'Probation Service - Greater Manchester' },
          acceptedOn: '2026-11-05',
        },
      }),
    );
    expect(await areasOf()).toEqual(['GMP']);
    for (const receiver of [receivers.get('police.west-yorkshire')!, receivers.get('police.greater-manchester')!]) {
      const changes = receiver.received
        .filter((r) => r.event.type === 'responsibility.changed')
        .map((r) => r.event.data.responsibility);
      expect(changes.at(-1)).toMatchObject({ before: ['GMP', 'WYP'], after: ['GMP'], reason: 'TRANSFER_ACCEPTED' });
    }
    expect((await readSubject(hub, 'police.west-yorkshire', subjectId)).status).toBe(404);
    const read = await readSubject(hub, 'police.greater-manchester', subjectId);
    expect(read.status).toBe(200);
    const managers = read.body.responsibility;
    expect(managers.current.find((f: { kind: string }) => f.kind === 'PROBATION_MANAGER')).toMatchObject({
      area: 'GMP',
      unit: { code: 'N50' },
      from: '2026-11-05',
    });
    expect(managers.history.find((f: { kind: string }) => f.kind === 'PROBATION_MANAGER')).toMatchObject({
      area: 'WYP',
      agency: 'probation.yorkshire',
      to: expect.any(String),
    });
  });

  it('the gap closes once a Manchester force manages him (he notifies it)', async () => {
    const notified = {
      schemaVersion: '1.0',
      updateId: 'PNC-GMP-1',
      updateType: 'NOTIFICATION_RECEIVED',
      recordedAt: '2026-11-06T09:00:00Z',
      force: 'GMP',
      nominal: {
        pncId: '2004/0123456B',
        names: [{ forenames: 'John Michael', surname: 'SMITH', type: 'PRIMARY' }],
        dateOfBirth: '1986-02-28',
        sex: 'M',
      },
      notification: {
        kind: 'CHANGE_OF_DETAILS',
        receivedOn: '2026-11-06',
        details: { address: { line1: '3 Sample Street', town: 'Manchester', postcode: 'M14 5RT' } },
      },
    };
    expect((await postInbound(hub, 'pnc', 'police.greater-manchester', notified)).status).toBe(202);
    expect((await gaps()).body.gaps).toEqual([]);
  });

  it('refuses a transfer without its dates with 422 naming them', async () => {
    const res = await postInbound(
      hub,
      'probation',
      'probation.yorkshire',
      probation('TA-2', 'TRANSFER_ACCEPTED', {
        transfer: { toProvider: { code: 'N50', name: 'GM' }, requestedOn: '2026-11-01' },
      }),
    );
    expect(res.status).toBe(422);
    expect(fieldsNamed(res.body).sort()).toEqual(['transfer.acceptedOn', 'transfer.requestedOn']);
  });
});
