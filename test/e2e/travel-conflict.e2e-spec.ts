import request from 'supertest';
import { waitForDeliveries } from '../kit/db-wait';
import { courtExample } from '../kit/examples';
import { postCourtOutcome, postInbound, subscribe } from '../kit/http';
import { startTestHub, type TestHub } from '../kit/test-hub';
import { WebhookReceiver } from '../kit/webhook-receiver';

const TRAVEL_EVENTS = ['alert.travel.conflict', 'notification.received'];
const agreement = (id: string, recipients: string[], fields: string[], extra: Record<string, unknown> = {}) => ({
  id,
  title: id,
  status: 'active',
  validFrom: '2026-01-01',
  validTo: '2099-12-31',
  recipients,
  purpose: 'PUBLIC_PROTECTION',
  lawfulBasis: 'Sexual Offences Act 2003 ss.86 and 103C-103E',
  eventTypes: ['alert.travel.conflict'],
  conditions: { areas: ['WYP'] },
  fields,
  classification: 'OFFICIAL-SENSITIVE',
  ...extra,
});
const AGREEMENTS = [
  agreement('DSA-TEST-TRAVEL', ['police.west-yorkshire', 'probation.yorkshire'], ['alert.travel'], {
    ackWithin: 'PT4H',
  }),
  // What the offender notified, to both (so an allowed trip can be seen to arrive and raise nothing more).
  agreement('DSA-TEST-NOTIFICATIONS', ['police.west-yorkshire', 'probation.yorkshire'], ['notification'], {
    eventTypes: ['notification.received'],
    ackWithin: 'P2D',
  }),
  // The prison lists the event but not the field: the alert may reach it, the trip never does.
  agreement('DSA-TEST-TRAVEL-PRISON', ['prison.leeds'], ['subject.names']),
  // A partner whose agreement withholds notified data: the trip was notified, so nothing of it goes.
  agreement('DSA-TEST-TRAVEL-HOUSING', ['dtc.leeds-city-housing'], ['subject.names', 'alert.travel'], {
    excludeProvenance: ['NOTIFICATION'],
  }),
];

/** The example SHPO, whose travel prohibition lists Thailand and Cambodia only. */
function shpoProhibitingAsia() {
  const m = courtExample('hearing-resulted-shpo');
  m.orders[0].prohibitions[1] = {
    code: 'FOREIGN_TRAVEL_PROHIBITED',
    text: 'Not to travel to Thailand or Cambodia.',
    countries: ['TH', 'KH'],
  };
  m.orders[0].passportSurrender = false;
  return m;
}

/** John Michael SMITH (the SHPO example's defendant) notifies the police of a trip. */
const trip = (updateId: string, details: Record<string, unknown>) => ({
  schemaVersion: '1.0',
  updateId,
  updateType: 'NOTIFICATION_RECEIVED',
  recordedAt: new Date().toISOString(),
  force: 'WYP',
  nominal: {
    pncId: '2004/0123456B',
    names: [{ forenames: 'John Michael', surname: 'SMITH', type: 'PRIMARY' }],
    dateOfBirth: '1986-02-28',
    sex: 'M',
  },
  notification: { kind: 'FOREIGN_TRAVEL', receivedOn: '2026-12-01', details },
});

describe('a notified trip compared with the travel prohibitions of the orders', () => {
  let hub: TestHub;
  let subjectId: string;
  const police = new WebhookReceiver();
  const probation = new WebhookReceiver();
  const housing = new WebhookReceiver();
  const prison = new WebhookReceiver();
  const postTrip = (body: unknown) => postInbound(hub, 'pnc', 'police.west-yorkshire', body);
  const conflicts = (r: WebhookReceiver) => r.received.filter((x) => x.event.type === 'alert.travel.conflict');

  beforeAll(async () => {
    // A clock interval far longer than the test: the conflict must not wait for a clock to be raised.
    hub = await startTestHub({ agreements: AGREEMENTS, env: { HUB_CLOCK_INTERVAL_MS: '600000' } });
    await Promise.all([police.start(), probation.start(), housing.start(), prison.start()]);
    expect((await subscribe(hub, 'police.west-yorkshire', police.url, TRAVEL_EVENTS)).status).toBe(201);
    expect((await subscribe(hub, 'probation.yorkshire', probation.url, TRAVEL_EVENTS)).status).toBe(201);
    expect((await subscribe(hub, 'dtc.leeds-city-housing', housing.url, ['alert.travel.conflict'])).status).toBe(201);
    expect((await subscribe(hub, 'prison.leeds', prison.url, ['alert.travel.conflict'])).status).toBe(201);
    const made = await postCourtOutcome(hub, 'court.leeds-crown', shpoProhibitingAsia());
    expect(made.status).toBe(202);
    subjectId = made.body.subjectIds[0];
    await waitForDeliveries(hub.db, made.body.events);
  });

  afterAll(async () => {
    await hub?.close();
    await Promise.all([police.close(), probation.close(), housing.close(), prison.close()]);
  });

  it('an allowed trip (Spain) is passed on as a notification and raises no conflict', async () => {
    const res = await postTrip(
      trip('PNC-TRIP-ES', { destination: 'ES', departOn: '2027-01-10', returnOn: '2027-01-17' }),
    );
    expect(res.status).toBe(202);
    await waitForDeliveries(hub.db, res.body.events);
    const { rows } = await hub.db.query(`SELECT type FROM events WHERE id = ANY($1::uuid[])`, [res.body.events]);
    expect(rows.map((r) => r.type)).toEqual(['notification.received']);
    expect(police.types()).toEqual(['notification.received']);
    expect(probation.types()).toEqual(['notification.received']);
    expect(housing.received).toEqual([]);
    expect(prison.received).toEqual([]);
  });

  it('a trip to a prohibited country (Thailand) raises the conflict at once to police and probation', async () => {
    const postedAt = Date.now();
    const res = await postTrip(
      trip('PNC-TRIP-TH', { destination: 'TH', departOn: '2027-02-01', returnOn: '2027-02-14' }),
    );
    expect(res.status).toBe(202);
    await waitForDeliveries(hub.db, res.body.events);
    // Delivered well inside the clock's interval: raised with the notification, not by a clock.
    expect(Date.now() - postedAt).toBeLessThan(hub.env.clockIntervalMs);
    const [toPolice] = conflicts(police);
    const [toProbation] = conflicts(probation);
    expect(conflicts(police)).toHaveLength(1);
    expect(conflicts(probation)).toHaveLength(1);
    expect(toPolice.event.subject).toBe(subjectId);
    expect(toProbation.event.data).toEqual(toPolice.event.data);
    expect(toPolice.event.data.alert.travel).toMatchObject({
      notificationId: 'PNC-TRIP-TH',
      destination: 'TH',
      destinationName: 'Thailand',
      departOn: '2027-02-01',
      returnOn: '2027-02-14',
      conflicts: [
        {
          orderRef: 'LCC-SHPO-2026-0412',
          orderType: 'SHPO',
          prohibition: { code: 'FOREIGN_TRAVEL_PROHIBITED', countries: ['TH', 'KH'] },
          scope: 'COUNTRY',
          inForce: { from: '2026-10-14', to: '2031-10-13' }, // an indefinite SHPO: the 5-year limit
        },
      ],
      provenance: { kind: 'NOTIFICATION' },
    });
    // The prison's agreement lists the event but not alert.travel: the trip never reaches it.
    expect(prison.types()).toEqual(['alert.travel.conflict']);
    expect(prison.received[0].event.data).toEqual({});
    expect(prison.received[0].body).not.toContain('"TH"');
    expect(prison.received[0].body).not.toContain('2027-02-01');
    // The housing partner's agreement excludes notified data, and every fact of the alert was notified.
    expect(housing.received).toEqual([]);
  });

  it('is to be acknowledged within 4 hours, and keeps the FOREIGN_TRAVEL deadline', async () => {
    const { rows } = await hub.db.query(
      `SELECT d.agency_id, EXTRACT(EPOCH FROM d.ack_due_at - now())::int AS seconds_left
         FROM deliveries d JOIN events e ON e.id = d.event_id WHERE e.type = 'alert.travel.conflict' ORDER BY d.agency_id`,
    );
    expect(rows.map((r) => r.agency_id)).toEqual(['police.west-yorkshire', 'prison.leeds', 'probation.yorkshire']);
    for (const r of rows.filter((r) => r.agency_id !== 'prison.leeds')) {
      expect(r.seconds_left).toBeGreaterThan(4 * 3600 - 120);
      expect(r.seconds_left).toBeLessThanOrEqual(4 * 3600);
    }
    const deadlines = await hub.db.query(
      `SELECT ref, due_on::text AS due_on FROM deadlines WHERE subject_id = $1 AND kind = 'FOREIGN_TRAVEL' ORDER BY due_on`,
      [subjectId],
    );
    expect(deadlines.rows).toEqual([
      { ref: 'travel:PNC-TRIP-ES', due_on: '2027-01-10' },
      { ref: 'travel:PNC-TRIP-TH', due_on: '2027-02-01' },
    ]);
  });

  it('a variation that now forbids Spain raises the conflict for the Spain trip already notified', async () => {
    const vary = shpoProhibitingAsia();
    vary.messageType = 'ORDER_VARIED';
    vary.messageId = 'LCC-VARY-ES';
    vary.sentAt = new Date().toISOString();
    vary.orders[0].variedOn = '2026-11-20';
    vary.orders[0].prohibitions[1].countries = ['TH', 'KH', 'ES'];
    vary.offences = [];
    delete vary.sentence;
    const res = await postCourtOutcome(hub, 'court.leeds-crown', vary);
    expect(res.status).toBe(202);
    await waitForDeliveries(hub.db, res.body.events);
    const { rows } = await hub.db.query(
      `SELECT data->'alert'->'travel'->>'notificationId' AS trip FROM events WHERE id = ANY($1::uuid[]) AND type = 'alert.travel.conflict' ORDER BY trip`,
      [res.body.events],
    );
    // Both trips not yet over meet the varied prohibition: Spain newly, Thailand under the new terms.
    expect(rows.map((r) => r.trip)).toEqual(['PNC-TRIP-ES', 'PNC-TRIP-TH']);
    const spain = conflicts(probation).find((x) => x.event.data.alert.travel.notificationId === 'PNC-TRIP-ES')!;
    expect(spain.event.data.alert.travel.conflicts).toEqual([
      expect.objectContaining({ scope: 'COUNTRY', inForce: { from: '2026-11-20', to: '2031-11-19' } }),
    ]);
  });

  it('refuses an unknown destination with 422 naming the field, and quarantines it', async () => {
    const res = await postTrip(trip('PNC-TRIP-ZZ', { destination: 'ZZ', departOn: '2027-03-01' }));
    expect(res.status).toBe(422);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.errors).toEqual([
      { path: 'notification.details.destination', message: expect.stringContaining('ISO 3166-1') },
    ]);
    const q = await request(hub.url)
      .get('/v1/admin/quarantine?agency=police.west-yorkshire')
      .set('authorization', `Bearer ${await hub.token('hub.operators')}`);
    expect(q.status).toBe(200);
    expect(q.body.items.length).toBeGreaterThan(0);
  });
});
