import { randomUUID } from 'node:crypto';
import { waitForAllDeliveries } from '../kit/db-wait';
import { courtExample } from '../kit/examples';
import { postCourtOutcome, readSubject, subscribe } from '../kit/http';
import { DEFAULT_AGREEMENTS, startTestHub, type TestHub } from '../kit/test-hub';
import { waitForStartupClockTicks } from '../kit/queue-wait';
import { WebhookReceiver } from '../kit/webhook-receiver';

/**
 * Court orders over time, through the API (domain.md, events.md): a hearing re-sent unchanged
 * raises nothing; the discharge of an SHPO that alone brought notification requirements ends
 * them (registration.ended) rather than erasing them; an SHPO that has expired no longer bars
 * the review of an indefinite requirement.
 */

const POLICE = 'police.west-yorkshire';
const PNC_CHECK = 'ZABCDEFGHJKLMNPQRTUVWXY';
const EVENT_TYPES = [
  'subject.created',
  'subject.details.changed',
  'conviction.recorded',
  'registration.started',
  'registration.changed',
  'registration.ended',
  'order.made',
  'order.varied',
  'order.discharged',
];

type Json = Record<string, any>;

/** A PNC id with a correct check character (court-outcomes.md). */
function pncId(year: number, serial: number): string {
  return `${year}/${String(serial).padStart(7, '0')}${PNC_CHECK[((year % 100) * 10_000_000 + serial) % 23]}`;
}

let serial = 3_000_000 + Math.floor(Math.random() * 4_000_000);

/** The SHPO example as another person (own defendant id, name, PNC id, order ref). */
function anotherPerson(surname: string): Json {
  const m = courtExample('hearing-resulted-shpo');
  m.messageId = `LIFE-${randomUUID()}`;
  m.defendant.courtDefendantId = `D-${randomUUID()}`;
  m.defendant.name = { forenames: 'Testy', surname };
  m.defendant.pncId = pncId(2006, ++serial);
  delete m.defendant.croNumber;
  delete m.defendant.aliases;
  m.orders[0].orderRef = `SHPO-${randomUUID()}`;
  return m;
}

describe('court orders over time', () => {
  let hub: TestHub;
  const police = new WebhookReceiver();
  const eventsOf = (subjectId: string) =>
    police.received.filter((r) => r.event.subject === subjectId).map((r) => r.event);

  async function storedEventCount(subjectId: string): Promise<number> {
    const { rows } = await hub.db.query(`SELECT count(*)::int AS n FROM events WHERE subject_id = $1`, [subjectId]);
    return rows[0].n;
  }

  beforeAll(async () => {
    const [policeAgreement, ...others] = DEFAULT_AGREEMENTS;
    hub = await startTestHub({
      // The MAPPA condition stays: once requirements end the subject is no longer category 1, yet
      // the event saying they ended must still reach the police (judged as the subject stood).
      agreements: [{ ...policeAgreement, eventTypes: EVENT_TYPES }, ...others],
      env: { HUB_CLOCK_INTERVAL_MS: '3600000' }, // only the record's own changes raise events here
    });
    await waitForStartupClockTicks(hub); // and the one tick it makes at start-up is over before any subject exists
    await police.start();
    expect((await subscribe(hub, POLICE, police.url, EVENT_TYPES)).status).toBe(201);
  });

  afterAll(async () => {
    await hub?.close();
    await police.close();
  });

  it('the SHPO hearing re-sent under a new Idempotency-Key: 202, no events, and the receiver gets nothing new', async () => {
    const first = await postCourtOutcome(hub, 'court.leeds-crown', courtExample('hearing-resulted-shpo'));
    expect(first.status).toBe(202);
    expect(first.body.events.length).toBe(4);
    const [subjectId] = first.body.subjectIds;
    await police.waitFor(() => eventsOf(subjectId).length === 4);
    const stored = await storedEventCount(subjectId);

    const again = await postCourtOutcome(hub, 'court.leeds-crown', courtExample('hearing-resulted-shpo'));
    expect(again.status).toBe(202);
    expect(again.headers['idempotency-replayed']).toBeUndefined(); // processed afresh, not replayed
    expect(again.body).toMatchObject({ status: 'accepted', subjectIds: [subjectId], events: [] });
    expect(await storedEventCount(subjectId)).toBe(stored);

    // A real change afterwards comes through on its own: nothing from the re-send was queued before it.
    const vary = courtExample('hearing-resulted-shpo');
    vary.messageType = 'ORDER_VARIED';
    vary.messageId = `LIFE-${randomUUID()}`;
    vary.orders[0].variedOn = '2026-11-02';
    vary.orders[0].prohibitions = vary.orders[0].prohibitions.slice(0, 1);
    delete vary.sentence;
    vary.offences = [];
    const varied = await postCourtOutcome(hub, 'court.leeds-crown', vary);
    expect(varied.status).toBe(202);
    await police.waitFor(() => eventsOf(subjectId).some((e) => e.type === 'order.varied'));
    // Not just order.varied: every delivery the hub holds made, so anything else the variation or
    // the re-send caused has arrived too, and the exact list below is final.
    await waitForAllDeliveries(hub.db);
    expect(
      eventsOf(subjectId)
        .map((e) => e.type)
        .sort(),
    ).toEqual(['conviction.recorded', 'order.made', 'order.varied', 'registration.started', 'subject.created']);
  });

  it('discharging an SHPO that alone started the requirements: registration.ended, and the registration is kept, ended on the discharge date', async () => {
    const m = anotherPerson('DISCHARGED');
    m.offences[0].notificationCertificate = false; // no requirements from the conviction itself
    m.orders[0].duration = { years: 5 };
    const made = await postCourtOutcome(hub, 'court.leeds-crown', m);
    expect(made.status).toBe(202);
    const [subjectId] = made.body.subjectIds;
    await police.waitFor(() => eventsOf(subjectId).some((e) => e.type === 'registration.started'));
    const started = eventsOf(subjectId).find((e) => e.type === 'registration.started')!.data.registration;
    expect(started).toMatchObject({
      basis: 'ORDER',
      basisRef: m.orders[0].orderRef,
      startDate: '2026-10-14',
      endDate: '2031-10-13',
    });

    const discharge = courtExample('order-discharged');
    discharge.messageId = `LIFE-${randomUUID()}`;
    discharge.defendant = {
      courtDefendantId: m.defendant.courtDefendantId,
      name: m.defendant.name,
      dateOfBirth: m.defendant.dateOfBirth,
      sex: 'M',
      pncId: m.defendant.pncId,
    };
    discharge.orders[0] = {
      ...discharge.orders[0],
      orderRef: m.orders[0].orderRef,
      duration: { years: 5 },
      dischargedOn: '2026-11-02',
    };
    const res = await postCourtOutcome(hub, 'court.leeds-magistrates', discharge);
    expect(res.status).toBe(202);
    expect(res.body.subjectIds).toEqual([subjectId]);
    await police.waitFor(() => eventsOf(subjectId).some((e) => e.type === 'registration.ended'));

    const ending = {
      registrationId: started.registrationId,
      basis: 'ORDER',
      startDate: '2026-10-14',
      endDate: '2026-11-02',
      endDateReason: { kind: 'ORDER_DISCHARGED', orderRef: m.orders[0].orderRef },
    };
    expect(eventsOf(subjectId).find((e) => e.type === 'registration.ended')!.data.registration).toMatchObject({
      ...ending,
      endReason: 'ORDER_DISCHARGED',
    });
    // The record keeps the ended registration. The police agreement covers MAPPA categories 1-4,
    // and with requirements ended and no MAPPA record the subject is in none: the read is refused now.
    const { rows: stored } = await hub.db.query(`SELECT record FROM subjects WHERE id = $1`, [subjectId]);
    expect(stored[0].record.registrations).toEqual([expect.objectContaining(ending)]);
    expect(stored[0].record.orders).toEqual([expect.objectContaining({ dischargedOn: '2026-11-02' })]);
    expect((await readSubject(hub, POLICE, subjectId)).status).toBe(404);
    // Its end was announced with the discharge: no clock is left to announce it again.
    const { rows } = await hub.db.query(`SELECT kind FROM deadlines WHERE subject_id = $1 AND status = 'open'`, [
      subjectId,
    ]);
    expect(rows.map((r: { kind: string }) => r.kind)).not.toContain('REGISTRATION_END');
  });

  it('a fixed-term SHPO that has expired no longer bars the review of an indefinite requirement', async () => {
    // Convicted 2010 (36 months: indefinite, reviewable from 2025-09-30), with a 5-year SHPO that ended in 2015.
    const m = anotherPerson('EXPIRED');
    m.case.hearingDate = '2010-10-14';
    m.sentAt = '2010-10-14T16:32:10Z';
    m.offences[0].offenceDate = '2009-06-01';
    m.offences[0].convictionDate = '2010-09-30';
    m.sentence.sentenceDate = '2010-10-14';
    m.orders[0].madeOn = '2010-10-14';
    m.orders[0].duration = { years: 5 };
    const res = await postCourtOutcome(hub, 'court.leeds-crown', m);
    expect(res.status).toBe(202);
    const [subjectId] = res.body.subjectIds;

    const read = await readSubject(hub, POLICE, subjectId);
    expect(read.status).toBe(200);
    expect(read.body.orders).toEqual([expect.objectContaining({ status: 'EXPIRED', endDate: '2015-10-13' })]);
    expect(read.body.registrations).toEqual([
      expect.objectContaining({ period: 'INDEFINITE', reviewEligibleFrom: '2025-09-30', reviewBarredByOrder: false }),
    ]);
    const { rows } = await hub.db.query(
      `SELECT due_on::text AS due_on FROM deadlines WHERE subject_id = $1 AND kind = 'INDEFINITE_REVIEW_ELIGIBILITY'`,
      [subjectId],
    );
    expect(rows).toEqual([{ due_on: '2025-09-30' }]);
  });
});
