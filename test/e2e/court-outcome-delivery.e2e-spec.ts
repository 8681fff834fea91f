import { createPublicKey, verify } from 'node:crypto';
import request from 'supertest';
import { Webhook } from 'standardwebhooks';
import { courtExample } from '../kit/examples';
import { postCourtOutcome, readSubject, subscribe } from '../kit/http';
import { startTestHub, type TestHub } from '../kit/test-hub';
import { WebhookReceiver, type ReceivedWebhook } from '../kit/webhook-receiver';

const EVENT_TYPES = [
  'subject.created',
  'conviction.recorded',
  'registration.started',
  'order.made',
  'order.discharged',
  'subject.details.changed',
];

describe('a court outcome reaches police and probation, signed and projected', () => {
  let hub: TestHub;
  const police = new WebhookReceiver();
  const probation = new WebhookReceiver();
  const secrets: Record<string, string> = {};
  let subjectId: string;

  beforeAll(async () => {
    hub = await startTestHub();
    await Promise.all([police.start(), probation.start()]);
    for (const [agency, receiver] of [
      ['police.west-yorkshire', police],
      ['probation.yorkshire', probation],
    ] as const) {
      const res = await subscribe(hub, agency, receiver.url, EVENT_TYPES);
      expect(res.status).toBe(201);
      expect(res.body.secret).toMatch(/^whsec_/);
      expect(res.body.agency).toBe(agency);
      secrets[agency] = res.body.secret;
    }
    const res = await postCourtOutcome(hub, 'court.leeds-crown', courtExample('hearing-resulted-shpo'));
    expect(res.status).toBe(202);
    subjectId = res.body.subjectIds[0];
    await police.waitFor((r) =>
      ['subject.created', 'conviction.recorded', 'registration.started', 'order.made'].every((t) =>
        r.some((x) => x.event.type === t),
      ),
    );
    await probation.waitFor((r) => r.length >= 4);
  });

  afterAll(async () => {
    await hub?.close();
    await Promise.all([police.close(), probation.close()]);
  });

  it('answers 202 naming the subject and the events it raised', async () => {
    const res = await postCourtOutcome(hub, 'court.leeds-crown', courtExample('hearing-resulted-shpo'));
    // The same court message sent again (new key) changes nothing and touches the same subject.
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ status: 'accepted', subjectIds: [subjectId] });
    expect(res.body.messageId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('delivers CloudEvents with both Standard Webhooks signatures, verifiable by any receiver', async () => {
    const jwks = (await request(hub.url).get('/.well-known/jwks.json')).body;
    const publicKey = createPublicKey({ key: jwks.keys[0], format: 'jwk' });
    for (const [agency, receiver] of [
      ['police.west-yorkshire', police],
      ['probation.yorkshire', probation],
    ] as const) {
      for (const delivery of receiver.received) {
        expect(delivery.headers['content-type']).toBe('application/cloudevents+json');
        // v1: the official Standard Webhooks library, keyed with the subscription secret.
        expect(() =>
          new Webhook(secrets[agency]).verify(delivery.body, delivery.headers as Record<string, string>),
        ).not.toThrow();
        // v1a: ed25519 with the hub's published key.
        const signed = `${delivery.headers['webhook-id']}.${delivery.headers['webhook-timestamp']}.${delivery.body}`;
        const v1a = String(delivery.headers['webhook-signature'])
          .split(' ')
          .find((s) => s.startsWith('v1a,'))!
          .slice(4);
        expect(verify(null, Buffer.from(signed), publicKey, Buffer.from(v1a, 'base64'))).toBe(true);
        expect(verify(null, Buffer.from(`${signed}tampered`), publicKey, Buffer.from(v1a, 'base64'))).toBe(false);
        expect(delivery.event).toMatchObject({
          specversion: '1.0',
          source: '/hub',
          subject: subjectId,
          datacontenttype: 'application/json',
          classification: 'OFFICIAL-SENSITIVE',
        });
      }
    }
    expect(() =>
      new Webhook(secrets['police.west-yorkshire']).verify(
        probation.received[0].body,
        probation.received[0].headers as Record<string, string>,
      ),
    ).toThrow();
  });

  it('names the agreement relied on and numbers events per subject', () => {
    expect(police.received.every((r) => r.event.agreement === 'DSA-TEST-POLICE')).toBe(true);
    expect(probation.received.every((r) => r.event.agreement === 'DSA-TEST-PROBATION')).toBe(true);
    // `sequence` is text (the CloudEvents extension), zero-padded so text order is numeric order.
    const sequences = police.received.map((r) => r.event.sequence).sort();
    expect(new Set(sequences).size).toBe(sequences.length);
    expect(sequences[0]).toBe('00000000000000000001');
    for (const r of police.received) {
      expect(r.event.sequence).toMatch(/^[0-9]{20}$/);
      expect(Number(r.event.sequence)).toBe(r.event.sequencenum);
      expect(r.event.dataschema).toBe(`/docs/events/${r.event.type}.schema.json`);
    }
  });

  it('never sends a field outside the agreement: probation gets no address or identifiers', () => {
    const conviction = (r: ReceivedWebhook[]) => r.find((x) => x.event.type === 'conviction.recorded')!;
    expect(conviction(police.received).event.data.subject.address.postcode).toBe('LS6 2AB');
    expect(conviction(police.received).event.data.subject.identifiers).toEqual(
      expect.arrayContaining([expect.objectContaining({ scheme: 'PNC', value: '2004/0123456B' })]),
    );
    for (const delivery of probation.received) {
      expect(delivery.body).not.toContain('LS6 2AB');
      expect(delivery.body).not.toContain('2004/0123456B');
      expect(delivery.event.data.subject).not.toHaveProperty('address');
      expect(delivery.event.data.subject).not.toHaveProperty('identifiers');
    }
    expect(conviction(probation.received).event.data.subject.names[0]).toMatchObject({
      forenames: 'John Michael',
      surname: 'SMITH',
      type: 'PRIMARY',
    });
  });

  it('derives the registration: indefinite from 36 months, review from start + 15 years, extended and barred by the SHPO', async () => {
    const registration = police.received.find((r) => r.event.type === 'registration.started')!.event.data.registration;
    expect(registration).toMatchObject({
      startDate: '2026-09-30',
      period: 'INDEFINITE',
      endDate: null,
      reviewEligibleFrom: '2041-09-30',
      reviewEligibleFromProvisional: true,
      juvenile: false,
      reviewBarredByOrder: true,
    });
    const res = await readSubject(hub, 'police.west-yorkshire', subjectId);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      subjectId,
      dateOfBirth: '1986-02-28',
      names: expect.arrayContaining([
        expect.objectContaining({ forenames: 'John Michael', surname: 'SMITH', type: 'PRIMARY' }),
        expect.objectContaining({ surname: 'SMYTH', type: 'ALIAS' }),
      ]),
      identifiers: expect.arrayContaining([expect.objectContaining({ scheme: 'CRO', value: '123456/04L' })]),
      registrations: [expect.objectContaining({ status: 'ACTIVE', period: 'INDEFINITE', startDate: '2026-09-30' })],
      convictions: [
        expect.objectContaining({ convictionDate: '2026-09-30', offenceCode: 'SX03014', disposal: 'IMPRISONMENT' }),
      ],
      orders: [
        expect.objectContaining({
          orderRef: 'LCC-SHPO-2026-0412',
          orderType: 'SHPO',
          status: 'ACTIVE',
          madeOn: '2026-10-14',
          endDate: null,
          prohibitions: expect.arrayContaining([expect.objectContaining({ code: 'FOREIGN_TRAVEL_PROHIBITED' })]),
        }),
      ],
    });
  });

  it('reads are projected too: probation sees no address or identifiers', async () => {
    const res = await readSubject(hub, 'probation.yorkshire', subjectId);
    expect(res.status).toBe(200);
    expect(res.body).not.toHaveProperty('address');
    expect(res.body).not.toHaveProperty('identifiers');
    expect(res.body.registrations[0].period).toBe('INDEFINITE');
  });

  it('a discharge from another court finds the same subject by PNC id and reaches both agencies', async () => {
    const res = await postCourtOutcome(hub, 'court.leeds-magistrates', courtExample('order-discharged'));
    expect(res.status).toBe(202);
    expect(res.body.subjectIds).toEqual([subjectId]);
    await police.waitFor((r) => r.some((x) => x.event.type === 'order.discharged'));
    await probation.waitFor((r) => r.some((x) => x.event.type === 'order.discharged'));
    const order = police.received.find((r) => r.event.type === 'order.discharged')!.event.data.order;
    expect(order).toMatchObject({ orderRef: 'LCC-SHPO-2026-0412', status: 'DISCHARGED', dischargedOn: '2026-11-20' });
    const read = await readSubject(hub, 'police.west-yorkshire', subjectId);
    expect(read.body.registrations[0].reviewBarredByOrder).toBe(false);
  });

  it('a juvenile community disposal gives 2½ years ending the day before', async () => {
    const res = await postCourtOutcome(hub, 'court.leeds-youth', courtExample('hearing-resulted-juvenile-community'));
    expect(res.status).toBe(202);
    const [juvenileId] = res.body.subjectIds;
    expect(juvenileId).not.toBe(subjectId);
    const read = await readSubject(hub, 'police.west-yorkshire', juvenileId);
    expect(read.body.registrations).toEqual([
      expect.objectContaining({
        startDate: '2026-11-02',
        period: 'P2Y6M',
        endDate: '2029-05-01',
        juvenile: true,
        reviewEligibleFrom: null,
      }),
    ]);
    expect(read.body.names[0]).toMatchObject({ forenames: 'Siobhán', surname: "O'Connor-Nwosu" });
  });

  it('refuses a subscription that no agreement could ever satisfy', async () => {
    const res = await subscribe(hub, 'dtc.leeds-city-housing', police.url, ['conviction.recorded']);
    expect(res.status).toBe(403);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
  });

  it('does not deliver to an agency whose agreement conditions fail (another force)', async () => {
    const met = new WebhookReceiver();
    await met.start();
    try {
      const res = await subscribe(hub, 'police.metropolitan', met.url, ['conviction.recorded']);
      expect(res.status).toBe(403);
      const read = await readSubject(hub, 'police.metropolitan', subjectId);
      expect(read.status).toBe(404);
    } finally {
      await met.close();
    }
  });
});
