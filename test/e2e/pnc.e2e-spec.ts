import { waitForDeliveries } from '../kit/db-wait';
import { pncExample } from '../kit/examples';
import { postInbound, readSubject, subscribe } from '../kit/http';
import { DEFAULT_AGREEMENTS, startTestHub, type TestHub } from '../kit/test-hub';
import { WebhookReceiver } from '../kit/webhook-receiver';
import { fieldsNamed } from '../kit/problems';

const [POLICE] = DEFAULT_AGREEMENTS;
const PNC_EVENTS = [
  'caution.recorded',
  'registration.started',
  'registration.changed',
  'notification.received',
  'subject.details.changed',
  'subject.created',
];

/** A notification about Peter Jones (PNC 2019/0456789Y), varied per test. */
const notification = (updateId: string, kind: string, receivedOn: string, details: Record<string, unknown>) => ({
  ...pncExample('notification-foreign-travel'),
  updateId,
  notification: { kind, receivedOn, details },
});

describe('police national record updates', () => {
  let hub: TestHub;
  const probation = new WebhookReceiver();
  const scheme = new WebhookReceiver();
  let subjectId: string;
  const post = (body: unknown) => postInbound(hub, 'pnc', 'police.west-yorkshire', body);

  beforeAll(async () => {
    hub = await startTestHub({
      agreements: [
        POLICE,
        {
          id: 'DSA-TEST-PROBATION-PNC',
          title: 'Cautions and notifications to Yorkshire probation',
          status: 'active',
          validFrom: '2026-01-01',
          recipients: ['probation.yorkshire'],
          purpose: 'OFFENDER_SUPERVISION',
          lawfulBasis: 'Offender Management Act 2007 s.14',
          eventTypes: PNC_EVENTS,
          conditions: { areas: ['WYP'] },
          fields: [
            'subject.names',
            'subject.dateOfBirth',
            'subject.address',
            'caution',
            'registration',
            'notification',
          ],
          classification: 'OFFICIAL-SENSITIVE',
        },
        {
          // A disclosure scheme must never use what was collected through the notification requirements.
          id: 'DSA-TEST-DISCLOSURE-SCHEME',
          title: 'Child sex offender disclosure scheme',
          status: 'active',
          validFrom: '2026-01-01',
          recipients: ['dtc.leeds-city-housing'],
          purpose: 'DISCLOSURE_SCHEME',
          lawfulBasis: 'Common law power to disclose',
          eventTypes: ['subject.details.changed', 'notification.received'],
          conditions: { areas: ['WYP'] },
          fields: ['subject.names', 'subject.address', 'notification'],
          excludeProvenance: ['NOTIFICATION'],
          classification: 'OFFICIAL-SENSITIVE',
        },
      ],
    });
    await Promise.all([probation.start(), scheme.start()]);
    expect((await subscribe(hub, 'probation.yorkshire', probation.url, PNC_EVENTS)).status).toBe(201);
    expect(
      (await subscribe(hub, 'dtc.leeds-city-housing', scheme.url, ['subject.details.changed', 'notification.received']))
        .status,
    ).toBe(201);
  });

  afterAll(async () => {
    await hub?.close();
    await Promise.all([probation.close(), scheme.close()]);
  });

  it('a notifiable adult caution starts 2 years of notification requirements', async () => {
    const res = await post(pncExample('caution-recorded'));
    expect(res.status).toBe(202);
    subjectId = res.body.subjectIds[0];
    // caution.recorded and registration.started arrive in either order: wait for both (and the rest).
    await waitForDeliveries(hub.db, res.body.events);
    const registration = probation.received.find((x) => x.event.type === 'registration.started')!.event.data
      .registration;
    expect(registration).toMatchObject({
      basis: 'CAUTION',
      startDate: '2026-12-01',
      period: 'P2Y',
      endDate: '2028-11-30',
      juvenile: false,
    });
    expect(probation.received.find((x) => x.event.type === 'caution.recorded')!.event.data.caution).toMatchObject({
      offenceCode: 'SX03066',
      notifiable: true,
    });
  });

  it('a youth caution gives 1 year; a non-notifiable one none', async () => {
    const youth = pncExample('caution-recorded');
    youth.updateId = 'PNC-UPD-YOUTH';
    youth.nominal = {
      pncId: '2024/0000001Q',
      names: [{ forenames: 'Young', surname: 'PERSON', type: 'PRIMARY' }],
      dateOfBirth: '2010-01-01',
      sex: 'M',
    };
    youth.caution = { ...youth.caution, youth: true };
    const res = await post(youth);
    expect(res.status).toBe(202);
    const read = await readSubject(hub, 'probation.yorkshire', res.body.subjectIds[0]);
    expect(read.body.registrations).toEqual([
      expect.objectContaining({ period: 'P1Y', endDate: '2027-11-30', juvenile: true }),
    ]);

    const minor: Record<string, any> = {
      ...pncExample('caution-recorded'),
      updateId: 'PNC-UPD-MINOR',
      nominal: {
        pncId: '2024/0000002R',
        names: [{ forenames: 'Other', surname: 'PERSON', type: 'PRIMARY' }],
        dateOfBirth: '1990-01-01',
        sex: 'F',
      },
    };
    minor.caution = { ...minor.caution, notifiable: false };
    const none = await post(minor);
    expect(none.status).toBe(202);
    const { rows } = await hub.db.query(`SELECT type FROM events WHERE subject_id = $1 ORDER BY sequence`, [
      none.body.subjectIds[0],
    ]);
    expect(rows.map((r: { type: string }) => r.type)).toEqual(['subject.created', 'caution.recorded']);
  });

  it('a youth flag that disagrees with the date of birth is refused, naming both fields', async () => {
    const wrong = pncExample('caution-recorded');
    wrong.caution = { ...wrong.caution, youth: true };
    const res = await post(wrong);
    expect(res.status).toBe(422);
    expect(fieldsNamed(res.body).sort()).toEqual(['caution.youth', 'nominal.dateOfBirth']);
  });

  it('records a foreign travel notification with its dates', async () => {
    const res = await post(pncExample('notification-foreign-travel'));
    expect(res.status).toBe(202);
    expect(res.body.subjectIds).toEqual([subjectId]);
    await waitForDeliveries(hub.db, res.body.events); // none of them left to arrive during the next test
    await probation.waitFor((r) => r.some((x) => x.event.type === 'notification.received'));
    const n = probation.received.find((x) => x.event.type === 'notification.received')!.event.data.notification;
    expect(n).toMatchObject({
      kind: 'FOREIGN_TRAVEL',
      receivedOn: '2026-11-10',
      details: { destination: 'ES', departOn: '2026-12-20', returnOn: '2026-12-27' },
    });
  });

  it('a change of details updates the record, but a disclosure scheme never receives the notified data', async () => {
    const res = await post(
      notification('PNC-UPD-COD', 'CHANGE_OF_DETAILS', '2026-12-02', {
        address: { line1: '12 Notified Road', town: 'Leeds', postcode: 'LS9 9ZZ' },
        names: [{ forenames: 'Pete', surname: 'JONES' }],
      }),
    );
    expect(res.status).toBe(202);
    await probation.waitFor((r) => r.some((x) => x.event.type === 'subject.details.changed'));
    const read = await readSubject(hub, 'probation.yorkshire', subjectId);
    expect(read.body.address).toMatchObject({
      line1: '12 Notified Road',
      postcode: 'LS9 9ZZ',
      provenance: { kind: 'NOTIFICATION' },
    });
    expect(read.body.names).toContainEqual(expect.objectContaining({ forenames: 'Pete', type: 'ALIAS' }));
    // Not a fixed sleep: once every delivery this message caused has been made, nothing of it
    // is still on its way to the scheme, however slow the machine.
    await waitForDeliveries(hub.db, res.body.events);
    expect(scheme.received.some((x) => res.body.events.includes(x.event.id))).toBe(true);
    for (const delivery of scheme.received) {
      expect(delivery.body).not.toContain('Notified Road');
      expect(delivery.body).not.toContain('LS9 9ZZ');
      expect(delivery.body).not.toContain('"forenames":"Pete"');
      expect(delivery.body).not.toContain('"destination"');
      expect(delivery.event.data).not.toHaveProperty('notification');
    }
  });

  it('a notification meets the initial notification deadline and starts the annual one', async () => {
    const { rows } = await hub.db.query(
      `SELECT kind, status, due_on::text AS due_on FROM deadlines WHERE subject_id = $1 ORDER BY kind`,
      [subjectId],
    );
    expect(rows).toContainEqual({ kind: 'INITIAL_NOTIFICATION', status: 'met', due_on: '2026-12-04' });
    // Annual: within a year of the last notification (2026-12-02).
    expect(rows).toContainEqual({ kind: 'ANNUAL_NOTIFICATION', status: 'open', due_on: '2027-12-01' });
  });

  it('refuses a body that does not fit the update type, and unknown notified items', async () => {
    const res = await post({ ...pncExample('caution-recorded'), updateType: 'NOTIFICATION_RECEIVED' });
    expect(res.status).toBe(422);
    expect(fieldsNamed(res.body).sort()).toEqual(['caution', 'notification']);
    const unknown = await post(notification('PNC-UPD-X', 'CHANGE_OF_DETAILS', '2026-12-03', { shoeSize: 9 }));
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors).toEqual([{ path: 'notification.details.shoeSize', message: 'is not allowed' }]);
  });

  it('an older update posted after a newer one does not put back the old name', async () => {
    const nominal = (updateId: string, recordedAt: string, surname: string) => ({
      ...pncExample('caution-recorded'),
      updateId,
      updateType: 'NOMINAL_UPDATED',
      recordedAt,
      caution: undefined,
      nominal: {
        pncId: '2015/6666666D',
        names: [{ forenames: 'Carl', surname, type: 'PRIMARY' }],
        dateOfBirth: '1981-05-05',
        sex: 'M',
      },
    });
    // A notifiable caution first: requirements in force, so West Yorkshire manages him (a bare
    // nominal update gives no force, and so nobody, sight of a person: responsibility.md).
    const caution = {
      ...nominal('PNC-UPD-ORDER-0', '2026-09-01T12:00:00Z', 'WALKER'),
      updateType: 'CAUTION_RECORDED',
      caution: pncExample('caution-recorded').caution,
    };
    expect((await post(caution)).status).toBe(202);
    const newer = await post(nominal('PNC-UPD-ORDER-2', '2026-11-02T10:00:00Z', 'WALKER-SMITH'));
    expect(newer.status).toBe(202);
    const older = await post(nominal('PNC-UPD-ORDER-1', '2026-10-01T10:00:00Z', 'WALKER'));
    expect(older.status).toBe(202);
    expect(older.body.subjectIds).toEqual(newer.body.subjectIds);
    const read = await readSubject(hub, 'probation.yorkshire', newer.body.subjectIds[0]);
    expect(read.status).toBe(200);
    expect(read.body.names.map((n: { surname: string; type: string }) => `${n.type}:${n.surname}`)).toEqual([
      'PRIMARY:WALKER-SMITH',
      'ALIAS:WALKER',
    ]);
  });

  it('refuses a probation token (wrong agency kind) with 403', async () => {
    const res = await postInbound(hub, 'pnc', 'probation.yorkshire', pncExample('caution-recorded'));
    expect(res.status).toBe(403);
  });
});
