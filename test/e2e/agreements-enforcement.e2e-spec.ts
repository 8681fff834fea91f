import request from 'supertest';
import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import { ClockScheduler } from '../../src/clocks/clock-scheduler';
import { waitForCount, waitForDeliveries } from '../kit/db-wait';
import { courtExample } from '../kit/examples';
import { postCourtOutcome, readSubject, subscribe } from '../kit/http';
import { DEFAULT_AGREEMENTS, startTestHub, type TestHub } from '../kit/test-hub';
import { WebhookReceiver } from '../kit/webhook-receiver';
import { fieldsNamed } from '../kit/problems';

const [POLICE, PROBATION] = DEFAULT_AGREEMENTS;

/**
 * Issue 4's world: police must acknowledge within 4 seconds, a housing provider gets scoped
 * alerts only, the crown court hears about unacknowledged events, and agreements in every
 * state the admin API reports (future, expired, review overdue, draft) sit beside them.
 */
const AGREEMENTS: Record<string, unknown>[] = [
  { ...POLICE, ackWithin: 'PT4S' },
  PROBATION,
  {
    id: 'DSA-TEST-HOUSING',
    title: 'Scoped alerts to Leeds City housing',
    status: 'active',
    validFrom: '2026-01-01',
    recipients: ['dtc.leeds-city-housing'],
    purpose: 'SAFEGUARDING_ALERT',
    lawfulBasis: 'Criminal Justice Act 2003 s.325(3)',
    eventTypes: ['alert.issued'],
    alertOn: ['registration.started', 'order.made'],
    conditions: { areas: ['WYP'] },
    fields: ['subject.names', 'subject.dateOfBirth', 'alert.riskTo', 'alert.contact'],
    excludeProvenance: ['NOTIFICATION'],
    classification: 'OFFICIAL-SENSITIVE',
  },
  {
    id: 'DSA-TEST-COURT-DEADLINES',
    title: 'Unacknowledged disclosures reported back to the crown court',
    status: 'active',
    validFrom: '2026-01-01',
    recipients: ['court.leeds-crown'],
    purpose: 'PUBLIC_PROTECTION',
    lawfulBasis: 'Criminal Justice Act 2003 s.325',
    eventTypes: ['deadline.overdue'],
    fields: ['deadline'],
    classification: 'OFFICIAL',
  },
  ...[
    { id: 'DSA-TEST-FUTURE', validFrom: '2099-01-01' },
    { id: 'DSA-TEST-EXPIRED', validFrom: '2020-01-01', validTo: '2020-12-31' },
    { id: 'DSA-TEST-REVIEW', validFrom: '2020-01-01', reviewBy: '2020-06-01' },
    { id: 'DSA-TEST-DRAFT', validFrom: '2020-01-01', status: 'draft' },
  ].map((a) => ({
    status: 'active',
    title: `${a.id} for the Metropolitan Police`,
    recipients: ['police.metropolitan'],
    purpose: 'MAPPA_RISK_MANAGEMENT',
    lawfulBasis: 'Criminal Justice Act 2003 s.325',
    eventTypes: ['conviction.recorded'],
    conditions: { areas: ['MPS'] },
    fields: ['subject.names', 'conviction'],
    ...a,
  })),
];

describe('data-sharing agreements decide every disclosure', () => {
  let hub: TestHub;
  const police = new WebhookReceiver();
  const housing = new WebhookReceiver();
  const court = new WebhookReceiver();
  let subjectId: string;
  let firstAcknowledgement: request.Response;

  const as = async (agency: string, scope?: string) => ({
    authorization: `Bearer ${await hub.token(agency, scope ? { scope } : {})}`,
  });
  const feed = async (query = '') =>
    request(hub.url)
      .get(`/v1/feed${query}`)
      .set(await as('probation.yorkshire'));
  const acknowledge = async (agency: string, eventId: string, note?: string) =>
    request(hub.url)
      .post(`/v1/events/${eventId}/acknowledgements`)
      .set(await as(agency, 'feed:read'))
      .send(note ? { note } : {});

  beforeAll(async () => {
    hub = await startTestHub({
      agreements: AGREEMENTS,
      env: { HUB_CLOCK_INTERVAL_MS: '250', HUB_RETRY_SCHEDULE: '1s,1s,1s,1s,1s' },
    });
    await Promise.all([police.start(), housing.start(), court.start()]);
    expect(
      (
        await subscribe(hub, 'police.west-yorkshire', police.url, [
          'conviction.recorded',
          'registration.started',
          'order.made',
        ])
      ).status,
    ).toBe(201);
    expect((await subscribe(hub, 'dtc.leeds-city-housing', housing.url, ['alert.issued'])).status).toBe(201);
    const courtSub = await request(hub.url)
      .post('/v1/subscriptions')
      .set(await as('court.leeds-crown', 'subscriptions:write'))
      .send({ eventTypes: ['deadline.overdue'], delivery: { mode: 'webhook', url: court.url } });
    expect(courtSub.status).toBe(201);
    // Probation pulls; two overlapping feed subscriptions must still give each event once.
    for (const eventTypes of [
      ['conviction.recorded', 'order.made'],
      ['conviction.recorded', 'registration.started'],
    ]) {
      const res = await request(hub.url)
        .post('/v1/subscriptions')
        .set(await as('probation.yorkshire'))
        .send({ eventTypes, delivery: { mode: 'feed' } });
      expect(res.status).toBe(201);
      expect(res.body).not.toHaveProperty('secret');
    }
    // Police acknowledge the conviction from inside their webhook handler, before answering 2xx
    // (so before the hub has recorded it delivered), well inside ackWithin: only the others go overdue.
    let acknowledged: Promise<request.Response> | null = null;
    police.beforeAnswer = async (event) => {
      if (event.type !== 'conviction.recorded') return;
      acknowledged ??= acknowledge('police.west-yorkshire', event.id, 'Taken onto the force record');
      await acknowledged;
    };
    const res = await postCourtOutcome(hub, 'court.leeds-crown', courtExample('hearing-resulted-shpo'));
    expect(res.status).toBe(202);
    subjectId = res.body.subjectIds[0];
    firstAcknowledgement = await (async () => {
      await police.waitFor((r) => r.some((x) => x.event.type === 'conviction.recorded'));
      return acknowledged!;
    })();
    // Every delivery the message caused (police's three, housing's alert, probation's feed entries).
    await waitForDeliveries(hub.db, res.body.events);
    police.beforeAnswer = null;
    expect(police.received).toHaveLength(3);
    await housing.waitFor((r) => r.length >= 1);
  });

  afterAll(async () => {
    await hub?.close();
    await Promise.all([police.close(), housing.close(), court.close()]);
  });

  describe('GET /v1/admin/agreements', () => {
    it("reports each agreement's state as of today", async () => {
      const res = await request(hub.url)
        .get('/v1/admin/agreements')
        .set(await as('hub.operators'));
      expect(res.status).toBe(200);
      const state = Object.fromEntries(res.body.agreements.map((a: { id: string; state: string }) => [a.id, a.state]));
      expect(state).toEqual({
        'DSA-TEST-POLICE': 'active',
        'DSA-TEST-PROBATION': 'active',
        'DSA-TEST-HOUSING': 'active',
        'DSA-TEST-COURT-DEADLINES': 'active',
        'DSA-TEST-FUTURE': 'not-yet-valid',
        'DSA-TEST-EXPIRED': 'expired',
        'DSA-TEST-REVIEW': 'review-overdue',
        'DSA-TEST-DRAFT': 'draft',
      });
      const police = res.body.agreements.find((a: { id: string }) => a.id === 'DSA-TEST-POLICE');
      expect(police).toMatchObject({
        recipients: ['police.west-yorkshire'],
        purpose: 'MAPPA_RISK_MANAGEMENT',
        ackWithin: 'PT4S',
        fields: expect.arrayContaining(['subject.address']),
      });
    });

    it('is for operators only', async () => {
      const res = await request(hub.url)
        .get('/v1/admin/agreements')
        .set(await as('police.west-yorkshire'));
      expect(res.status).toBe(403);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    });
  });

  describe('POST /v1/subscriptions', () => {
    it('403 when the filter admits no subject any agreement covers (another area)', async () => {
      const res = await request(hub.url)
        .post('/v1/subscriptions')
        .set(await as('police.west-yorkshire'))
        .send({
          eventTypes: ['conviction.recorded'],
          filter: { areas: ['MPS'] },
          delivery: { mode: 'webhook', url: police.url },
        });
      expect(res.status).toBe(403);
    });

    it('201 naming the types no agreement allows, which are never delivered', async () => {
      const res = await subscribe(hub, 'police.west-yorkshire', police.url, ['conviction.recorded', 'alert.issued']);
      expect(res.status).toBe(201);
      expect(res.body.unauthorisedEventTypes).toEqual(['alert.issued']);
      expect(
        (
          await request(hub.url)
            .delete(`/v1/subscriptions/${res.body.id}`)
            .set(await as('police.west-yorkshire'))
        ).status,
      ).toBe(204);
    });
  });

  describe('scoped alerts for a duty-to-cooperate agency', () => {
    it('sends one minimal alert.issued per message: who, date of birth, the risk and to whom, who to contact', () => {
      expect(housing.types()).toEqual(['alert.issued']);
      const { data, agreement } = housing.received[0].event;
      expect(agreement).toBe('DSA-TEST-HOUSING');
      expect(Object.keys(data).sort()).toEqual(['alert', 'subject']);
      expect(Object.keys(data.subject).sort()).toEqual(['dateOfBirth', 'names']);
      expect(data.subject.dateOfBirth).toBe('1986-02-28');
      expect(data.subject.names).toContainEqual({ forenames: 'John Michael', surname: 'SMITH', type: 'PRIMARY' });
      expect(data.alert.riskTo.groups).toEqual(['CHILDREN']);
      expect(data.alert.riskTo.risks).toEqual(
        expect.arrayContaining(['Subject to sex offender notification requirements']),
      );
      expect(data.alert.contact).toEqual({ agency: 'police.west-yorkshire', name: 'police.west-yorkshire' });
    });

    it('never carries the address, identifiers, convictions, orders or provenance', () => {
      const body = housing.received[0].body;
      for (const leak of [
        'LS6 2AB',
        '2004/0123456B',
        '123456/04L',
        'SX03014',
        'LCC-SHPO-2026-0412',
        'provenance',
        'messageId',
      ]) {
        expect(body).not.toContain(leak);
      }
    });

    it('refuses the housing provider a subscription to anything but its alerts', async () => {
      const res = await subscribe(hub, 'dtc.leeds-city-housing', housing.url, ['conviction.recorded', 'order.made']);
      expect(res.status).toBe(403);
    });
  });

  describe('GET /v1/feed', () => {
    let all: {
      id: string;
      type: string;
      sequence: string;
      sequencenum: number;
      agreement: string;
      data: Record<string, any>;
    }[];

    it('returns the events of the feed subscriptions, oldest first, each once, projected like a webhook', async () => {
      const res = await feed();
      expect(res.status).toBe(200);
      all = res.body.events;
      expect(all.map((e) => e.type).sort()).toEqual(['conviction.recorded', 'order.made', 'registration.started']);
      // In the order they happened to the subject.
      expect(all.map((e) => e.sequence)).toEqual([...all.map((e) => e.sequence)].sort());
      expect(all.map((e) => e.sequencenum)).toEqual([...all.map((e) => e.sequencenum)].sort((a, b) => a - b));
      for (const event of all) {
        expect(event).toMatchObject({
          specversion: '1.0',
          source: '/hub',
          subject: subjectId,
          agreement: 'DSA-TEST-PROBATION',
        });
        expect(JSON.stringify(event)).not.toContain('LS6 2AB');
        expect(event.data.subject).not.toHaveProperty('address');
        expect(event.data.subject).not.toHaveProperty('identifiers');
      }
    });

    it('pages with a cursor and answers an unchanged cursor when nothing is new', async () => {
      const first = await feed('?limit=2');
      expect(first.body.events.map((e: { id: string }) => e.id)).toEqual(all.slice(0, 2).map((e) => e.id));
      const second = await feed(`?limit=2&after=${first.body.nextCursor}`);
      expect(second.body.events.map((e: { id: string }) => e.id)).toEqual([all[2].id]);
      const third = await feed(`?after=${second.body.nextCursor}`);
      expect(third.status).toBe(200);
      expect(third.body).toEqual({ events: [], nextCursor: second.body.nextCursor });
    });

    it.each([
      '?limit=0',
      '?limit=501',
      '?limit=abc',
      '?after=not-a-cursor',
      `?after=${Buffer.from('f1:-3').toString('base64url')}`,
    ])('refuses %s with 400 naming the parameter', async (query) => {
      const res = await feed(query);
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body.errors[0].path).toBe(query.includes('limit') ? 'limit' : 'after');
    });

    it("holds nothing of other agencies' subscriptions", async () => {
      const res = await request(hub.url)
        .get('/v1/feed')
        .set(await as('police.west-yorkshire'));
      expect(res.status).toBe(200);
      expect(res.body.events).toEqual([]);
    });

    it('needs feed:read', async () => {
      const res = await request(hub.url)
        .get('/v1/feed')
        .set(await as('probation.yorkshire', 'subjects:read'));
      expect(res.status).toBe(403);
    });
  });

  describe('acknowledgements', () => {
    it('201 the first time, 200 with the same body after', async () => {
      const conviction = police.received.find((r) => r.event.type === 'conviction.recorded')!.event;
      const first = firstAcknowledgement;
      expect(first.status).toBe(201);
      expect(first.body).toMatchObject({
        eventId: conviction.id,
        agency: 'police.west-yorkshire',
        note: 'Taken onto the force record',
      });
      const again = await acknowledge('police.west-yorkshire', conviction.id, 'a different note');
      expect(again.status).toBe(200);
      expect(again.body).toEqual(first.body);
    });

    it('accepts an acknowledgement of an event the agency pulled from its feed', async () => {
      const events = (await feed()).body.events;
      const res = await acknowledge('probation.yorkshire', events[0].id);
      expect(res.status).toBe(201);
    });

    it('404 for an event the agency never received, or no event at all', async () => {
      const conviction = police.received.find((r) => r.event.type === 'conviction.recorded')!.event;
      expect((await acknowledge('dtc.leeds-city-housing', conviction.id)).status).toBe(404);
      expect((await acknowledge('police.west-yorkshire', randomUUID())).status).toBe(404);
      expect((await acknowledge('police.west-yorkshire', 'not-an-id')).status).toBe(404);
    });

    it('raises deadline.overdue once, to the sending side, for each event left unacknowledged past ackWithin', async () => {
      const unacknowledged = police.received
        .filter((r) => r.event.type !== 'conviction.recorded')
        .map((r) => r.event.id);
      await court.waitFor(
        (r) => r.filter((x) => x.event.type === 'deadline.overdue').length >= unacknowledged.length,
        20_000,
      );
      const deadlines = court.received.map((r) => r.event.data.deadline);
      expect(deadlines.map((d) => d.eventId).sort()).toEqual([...unacknowledged].sort());
      for (const d of deadlines)
        expect(d).toMatchObject({
          kind: 'EVENT_UNACKNOWLEDGED',
          recipient: 'police.west-yorkshire',
          sourceAgency: 'court.leeds-crown',
        });
      // The overdue report lists the same, and further ticks raise nothing more.
      const report = await request(hub.url)
        .get('/v1/admin/acknowledgements/overdue')
        .set(await as('hub.operators'));
      expect(
        report.body.items
          .filter((i: { recipient: string }) => i.recipient === 'police.west-yorkshire')
          .map((i: { eventId: string }) => i.eventId)
          .sort(),
      ).toEqual([...unacknowledged].sort());
      // Not a fixed sleep: tick the clock ourselves, later than any scheduled tick has got to. It
      // raises nothing; the hub holds exactly one overdue event each, and once every one of them
      // has been delivered the court has exactly those.
      expect(await hub.app.get(ClockScheduler).tick('unacknowledged-events', new Date(Date.now() + 60_000))).toBe(0);
      const { rows: raised } = await hub.db.query(`SELECT id FROM events WHERE type = 'deadline.overdue'`);
      expect(raised).toHaveLength(unacknowledged.length);
      await waitForDeliveries(
        hub.db,
        raised.map((r: { id: string }) => r.id),
      );
      expect(court.received).toHaveLength(unacknowledged.length);
    });
  });

  describe('GET /v1/admin/agreements/{id}/preview', () => {
    const preview = async (id: string) =>
      request(hub.url)
        .get(`/v1/admin/agreements/${id}/preview?subjectId=${subjectId}`)
        .set(await as('hub.operators'));

    it('shows what each recipient would receive now, under that agreement alone', async () => {
      const policeView = await preview('DSA-TEST-POLICE');
      expect(policeView.status).toBe(200);
      expect(policeView.body.recipients[0]).toMatchObject({
        agency: 'police.west-yorkshire',
        receives: true,
        record: { subjectId, address: expect.objectContaining({ postcode: 'LS6 2AB' }) },
      });
      const probationView = await preview('DSA-TEST-PROBATION');
      expect(probationView.body.recipients[0].record).not.toHaveProperty('address');
      expect(probationView.body.recipients[0].record).not.toHaveProperty('identifiers');
      expect(probationView.body.recipients[0].record.orders[0].orderRef).toBe('LCC-SHPO-2026-0412');
    });

    it('says why nothing would flow', async () => {
      const future = await preview('DSA-TEST-FUTURE');
      expect(future.body.recipients[0]).toMatchObject({
        agency: 'police.metropolitan',
        receives: false,
        reason: 'agreement is not-yet-valid',
        record: null,
      });
      const review = await preview('DSA-TEST-REVIEW');
      expect(review.body.recipients[0]).toMatchObject({
        receives: false,
        reason: "the agreement's conditions do not hold for this subject",
      });
    });

    it('404 for an unknown agreement or subject, 400 without a subjectId', async () => {
      expect(
        (
          await request(hub.url)
            .get(`/v1/admin/agreements/DSA-NOPE/preview?subjectId=${subjectId}`)
            .set(await as('hub.operators'))
        ).status,
      ).toBe(404);
      expect(
        (
          await request(hub.url)
            .get(`/v1/admin/agreements/DSA-TEST-POLICE/preview?subjectId=${randomUUID()}`)
            .set(await as('hub.operators'))
        ).status,
      ).toBe(404);
      const missing = await request(hub.url)
        .get('/v1/admin/agreements/DSA-TEST-POLICE/preview')
        .set(await as('hub.operators'));
      expect(missing.status).toBe(400);
      expect(missing.body.errors).toEqual([{ path: 'subjectId', message: 'is required' }]);
    });
  });

  describe('suspending an agreement stops its flow at once', () => {
    it('blocks deliveries already retrying under it, and reads, while other agreements still flow', async () => {
      police.answers = Array(100).fill(500);
      const before = police.requests;
      const res = await postCourtOutcome(hub, 'court.leeds-youth', courtExample('hearing-resulted-juvenile-community'));
      expect(res.status).toBe(202);
      const youth = res.body.subjectIds[0];
      const policeDeliveries = `FROM deliveries d JOIN events e ON e.id = d.event_id WHERE d.agency_id = 'police.west-yorkshire' AND e.subject_id = $1`;
      // Every police delivery about the youth has had its first attempt refused and waits to retry.
      await waitForCount(
        hub.db,
        `SELECT CASE WHEN count(*) = 0 THEN 1 ELSE count(*) FILTER (WHERE d.status = 'pending') END AS n ${policeDeliveries}`,
        [youth],
        (n) => n === 0,
      );
      expect(police.requests).toBeGreaterThan(before);

      // Suspended while no attempt is in flight (police's queue held and drained of active jobs),
      // so that every attempt after the suspension is a retry that must be refused: none may come.
      const queue = new Queue('deliver.police.west-yorkshire', {
        connection: { url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' },
        prefix: hub.env.redisPrefix,
      });
      let attemptsAtSuspension: number;
      try {
        await queue.pause();
        const deadline = Date.now() + 15_000;
        while ((await queue.getActiveCount()) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
        expect(await queue.getActiveCount()).toBe(0);
        attemptsAtSuspension = police.requests;
        const suspended = await request(hub.url)
          .post('/v1/admin/agreements/DSA-TEST-POLICE/suspension')
          .set(await as('hub.operators'))
          .send({ reason: 'Recipient reported a breach; DPO review' });
        expect(suspended.status).toBe(201);
        expect(suspended.body).toMatchObject({
          id: 'DSA-TEST-POLICE',
          state: 'suspended',
          suspension: { reason: 'Recipient reported a breach; DPO review' },
        });
      } finally {
        await queue.resume();
        await queue.close();
      }

      // The retries come due (1 s schedule), find the agreement suspended, and stop: polled, not a fixed sleep.
      await waitForCount(
        hub.db,
        `SELECT count(*) FILTER (WHERE d.status <> 'blocked') AS n ${policeDeliveries}`,
        [youth],
        (n) => n === 0,
        20_000,
      );
      expect(police.requests).toBe(attemptsAtSuspension);
      const { rows } = await hub.db.query(`SELECT d.status ${policeDeliveries}`, [youth]);
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.every((r: { status: string }) => r.status === 'blocked')).toBe(true);
      expect(police.received.some((r) => r.event.subject === youth)).toBe(false);

      // Reads under it stop too, while probation's own agreement still lets it read and pull.
      expect((await readSubject(hub, 'police.west-yorkshire', subjectId)).status).toBe(404);
      expect((await readSubject(hub, 'probation.yorkshire', youth)).status).toBe(200);
      expect((await feed()).body.events.some((e: { subject: string }) => e.subject === youth)).toBe(true);

      const again = await request(hub.url)
        .post('/v1/admin/agreements/DSA-TEST-POLICE/suspension')
        .set(await as('hub.operators'))
        .send({ reason: 'twice over' });
      expect(again.status).toBe(409);
    });

    it('a suspension needs a reason and can be lifted', async () => {
      const bad = await request(hub.url)
        .post('/v1/admin/agreements/DSA-TEST-PROBATION/suspension')
        .set(await as('hub.operators'))
        .send({});
      expect(bad.status).toBe(422);
      expect(fieldsNamed(bad.body)).toEqual(['reason']);
      const lifted = await request(hub.url)
        .delete('/v1/admin/agreements/DSA-TEST-POLICE/suspension')
        .set(await as('hub.operators'));
      expect(lifted.status).toBe(200);
      expect(lifted.body.state).toBe('active');
      expect((await readSubject(hub, 'police.west-yorkshire', subjectId)).status).toBe(200);
      const { rows } = await hub.db.query(
        `SELECT operation FROM audit_log WHERE operation LIKE 'agreement.%' ORDER BY id`,
      );
      expect(rows.map((r: { operation: string }) => r.operation)).toEqual([
        'agreement.suspended',
        'agreement.suspension.lifted',
      ]);
    });
  });
});
