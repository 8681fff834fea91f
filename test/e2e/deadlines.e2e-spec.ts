import request from 'supertest';
import { ClockScheduler } from '../../src/clocks/clock-scheduler';
import { courtExample, pncExample, probationExample } from '../kit/examples';
import { postCourtOutcome, postInbound, subscribe } from '../kit/http';
import { DEFAULT_AGREEMENTS, startTestHub, type TestHub } from '../kit/test-hub';
import { waitForStartupClockTicks } from '../kit/queue-wait';
import { WebhookReceiver } from '../kit/webhook-receiver';
import { fieldsNamed } from '../kit/problems';

const [POLICE] = DEFAULT_AGREEMENTS;
const CLOCK_EVENTS = ['deadline.due', 'deadline.overdue', 'registration.ended', 'order.expired'];

/** Noon in London on a civil date: the clock is driven by the test, never by waiting. */
const at = (date: string) => new Date(`${date}T12:00:00Z`);

describe('the clocks people keep in their heads', () => {
  let hub: TestHub;
  let clocks: ClockScheduler;
  const police = new WebhookReceiver();
  let juvenile: string;
  let shpo: string;

  const tick = (date: string) => clocks.tick('deadlines', at(date));
  const clockEvents = (subject: string) =>
    police.received.filter((r) => r.event.subject === subject && CLOCK_EVENTS.includes(r.event.type));

  beforeAll(async () => {
    // A scheduler interval of an hour: only the test's explicit ticks move the clocks.
    hub = await startTestHub({
      agreements: [
        {
          ...POLICE,
          eventTypes: [...(POLICE.eventTypes as string[]), ...CLOCK_EVENTS],
          fields: [...(POLICE.fields as string[]), 'deadline'],
        },
      ],
      env: { HUB_CLOCK_INTERVAL_MS: '3600000' },
    });
    clocks = hub.app.get(ClockScheduler);
    // Its one tick at start-up uses today's real date (2026-11-05 would be long overdue): let it
    // pass before the subjects exist, so that it cannot act on them in the middle of the tests.
    await waitForStartupClockTicks(hub);
    await police.start();
    expect((await subscribe(hub, 'police.west-yorkshire', police.url, CLOCK_EVENTS)).status).toBe(201);
    juvenile = (await postCourtOutcome(hub, 'court.leeds-youth', courtExample('hearing-resulted-juvenile-community')))
      .body.subjectIds[0];
    shpo = (await postCourtOutcome(hub, 'court.leeds-crown', courtExample('hearing-resulted-shpo'))).body.subjectIds[0];
  });

  afterAll(async () => {
    await hub?.close();
    await police.close();
  });

  it("derives each subject's clocks from its record", async () => {
    const { rows } = await hub.db.query(
      `SELECT subject_id, kind, ref, due_on::text AS due_on, due_from::text AS due_from FROM deadlines WHERE status = 'open' ORDER BY kind`,
    );
    const of = (s: string) =>
      rows
        .filter((r: { subject_id: string }) => r.subject_id === s)
        .map((r: { kind: string; due_on: string; due_from: string }) => [r.kind, r.due_on, r.due_from]);
    // Youth, community disposal, convicted 2026-11-02: notify within 3 days; 2½ years to 2029-05-01.
    // A police force must manage her by the same day (responsibility.md), or a gap opens.
    expect(of(juvenile)).toEqual([
      ['INITIAL_NOTIFICATION', '2026-11-05', '2026-11-04'],
      ['POLICE_MANAGER', '2026-11-05', '2026-11-05'],
      ['REGISTRATION_END', '2029-05-01', '2029-04-03'],
    ]);
    // Adult, imprisoned (initial notification waits for release), indefinite and barred from
    // review by the SHPO; the travel prohibition lapses 5 years after the order was made.
    expect(of(shpo)).toEqual([['FOREIGN_TRAVEL_PROHIBITION_LAPSE', '2031-10-13', '2031-07-15']]);
  });

  it('raises deadline.due on entering the lead time, once, however often the clock ticks', async () => {
    expect(await tick('2026-11-03')).toBe(0);
    expect(await tick('2026-11-04')).toBe(1);
    expect(await tick('2026-11-04')).toBe(0);
    expect(await tick('2026-11-05')).toBe(0); // the due day itself: still in time
    await police.waitFor(() => clockEvents(juvenile).length === 1);
    expect(clockEvents(juvenile)[0].event).toMatchObject({
      type: 'deadline.due',
      agreement: 'DSA-TEST-POLICE',
      data: { deadline: { kind: 'INITIAL_NOTIFICATION', dueOn: '2026-11-05', provisional: false } },
    });
  });

  it('raises deadline.overdue the day after, once, and lists it for operators', async () => {
    // The overdue notification, and the NO_POLICE_MANAGER gap (no force manages her yet).
    expect(await tick('2026-11-06')).toBe(2);
    expect(await tick('2026-11-07')).toBe(0);
    await police.waitFor(() => clockEvents(juvenile).length === 2);
    expect(clockEvents(juvenile)[1].event).toMatchObject({
      type: 'deadline.overdue',
      data: { deadline: { kind: 'INITIAL_NOTIFICATION', dueOn: '2026-11-05' } },
    });
    const res = await request(hub.url)
      .get('/v1/admin/deadlines?status=overdue&area=WYP')
      .set('authorization', `Bearer ${await hub.token('hub.operators')}`);
    expect(res.status).toBe(200);
    expect(res.body.items).toContainEqual(
      expect.objectContaining({ subjectId: juvenile, kind: 'INITIAL_NOTIFICATION', dueOn: '2026-11-05' }),
    );
    const elsewhere = await request(hub.url)
      .get('/v1/admin/deadlines?status=overdue&area=MPS')
      .set('authorization', `Bearer ${await hub.token('hub.operators')}`);
    expect(elsewhere.body.items).toEqual([]);
  });

  it('ends the registration the day after its last day, not before', async () => {
    expect(await tick('2029-04-02')).toBe(0);
    expect(await tick('2029-04-03')).toBe(1); // REGISTRATION_END enters its 28-day lead
    expect(await tick('2029-05-01')).toBe(0); // the last day the requirements apply
    expect(await tick('2029-05-02')).toBe(1);
    expect(await tick('2029-05-03')).toBe(0);
    await police.waitFor(() => clockEvents(juvenile).some((r) => r.event.type === 'registration.ended'));
    const ended = clockEvents(juvenile).find((r) => r.event.type === 'registration.ended')!.event;
    expect(ended.data.registration).toMatchObject({
      endDate: '2029-05-01',
      status: 'ENDED',
      endReason: 'PERIOD_EXPIRED',
    });
  });

  it('moves a clock when the record changes: discharging the SHPO cancels its travel-prohibition clock', async () => {
    const res = await postCourtOutcome(hub, 'court.leeds-magistrates', courtExample('order-discharged'));
    expect(res.status).toBe(202);
    const { rows } = await hub.db.query(`SELECT kind, status FROM deadlines WHERE subject_id = $1`, [shpo]);
    expect(rows).toContainEqual({ kind: 'FOREIGN_TRAVEL_PROHIBITION_LAPSE', status: 'cancelled' });
    expect(await tick('2031-10-20')).toBe(0);
  });

  it('two workers ticking at once raise each deadline once', async () => {
    const other = (
      await postCourtOutcome(hub, 'court.leeds-youth', {
        ...courtExample('hearing-resulted-juvenile-community'),
        defendant: {
          ...courtExample('hearing-resulted-juvenile-community').defendant,
          courtDefendantId: 'D-TWIN',
          pncId: undefined,
          croNumber: undefined,
          name: { forenames: 'Other', surname: 'PERSON' },
        },
      })
    ).body.subjectIds[0];
    expect(other).not.toBe(juvenile);
    const raised = await Promise.all([tick('2026-11-06'), tick('2026-11-06'), tick('2026-11-06')]);
    // Only the new subject has work: its notification day passed before any tick, so one overdue
    // (no late "due"), and one NO_POLICE_MANAGER gap.
    expect(raised.reduce((a, b) => a + b, 0)).toBe(2);
    const { rows } = await hub.db.query(`SELECT type FROM events WHERE subject_id = $1 AND type LIKE 'deadline.%'`, [
      other,
    ]);
    expect(rows).toEqual([{ type: 'deadline.overdue' }]);
  });

  it('flags a Schedule 3 offence convicted without a notification certificate', async () => {
    const message = courtExample('hearing-resulted-juvenile-community');
    message.defendant = {
      ...message.defendant,
      courtDefendantId: 'D-NOCERT',
      pncId: undefined,
      croNumber: undefined,
      name: { forenames: 'Nocert', surname: 'CASE' },
    };
    message.offences = message.offences.map((o: Record<string, unknown>) => ({ ...o, notificationCertificate: false }));
    const res = await postCourtOutcome(hub, 'court.leeds-youth', message);
    expect(res.status).toBe(202);
    const flags = await request(hub.url)
      .get('/v1/admin/data-quality')
      .set('authorization', `Bearer ${await hub.token('hub.operators')}`);
    expect(flags.status).toBe(200);
    expect(flags.body.items).toContainEqual(
      expect.objectContaining({
        subjectId: res.body.subjectIds[0],
        kind: 'SCHEDULE_3_WITHOUT_CERTIFICATE',
        detail: expect.stringContaining('SX03005'),
      }),
    );
  });

  it('a move probation reports starts the change-of-details clock, which the notification meets; travel notified late is overdue', async () => {
    const message = courtExample('hearing-resulted-juvenile-community');
    message.defendant = {
      ...message.defendant,
      courtDefendantId: 'D-MOVER',
      pncId: undefined,
      croNumber: undefined,
      name: { forenames: 'Moira', surname: 'MOVER' },
      dateOfBirth: '2009-04-01',
    };
    const subject = (await postCourtOutcome(hub, 'court.leeds-youth', message)).body.subjectIds[0];
    const person = { crn: 'X900001', name: { forenames: 'Moira', surname: 'Mover' }, dateOfBirth: '2009-04-01' };
    const moved = {
      ...probationExample('mappa-changed'),
      eventId: 'ND-EVT-MOVE-1',
      eventType: 'ADDRESS_CHANGED',
      occurredAt: '2026-11-20T09:00:00Z',
      person,
      mappa: undefined,
      address: { line1: '2 New Road', town: 'Leeds', postcode: 'LS2 2BB', type: 'HOME', from: '2026-11-20' },
    };
    const movedRes = await postInbound(hub, 'probation', 'probation.yorkshire', moved);
    expect(movedRes.body).toEqual(expect.objectContaining({ subjectIds: [subject] }));
    const clock = async (kind: string) =>
      (
        await hub.db.query(
          `SELECT ref, due_on::text AS due_on, status FROM deadlines WHERE subject_id = $1 AND kind = $2`,
          [subject, kind],
        )
      ).rows;
    expect(await clock('CHANGE_OF_DETAILS')).toEqual([
      { ref: 'address:2026-11-20', due_on: '2026-11-23', status: 'open' },
    ]);

    const nominal = {
      pncId: '2026/0900001G',
      names: [{ forenames: 'Moira', surname: 'MOVER', type: 'PRIMARY' }],
      dateOfBirth: '2009-04-01',
      sex: 'F',
    };
    const notify = (updateId: string, notification: Record<string, unknown>) => ({
      ...pncExample('notification-foreign-travel'),
      updateId,
      nominal,
      notification,
    });
    const change = notify('PNC-UPD-MOVE-1', {
      kind: 'CHANGE_OF_DETAILS',
      receivedOn: '2026-11-21',
      details: { address: { line1: '2 New Road', town: 'Leeds', postcode: 'LS2 2BB' } },
    });
    expect((await postInbound(hub, 'pnc', 'police.west-yorkshire', change)).body).toEqual(
      expect.objectContaining({ subjectIds: [subject] }),
    );
    expect(await clock('CHANGE_OF_DETAILS')).toEqual([
      { ref: 'address:2026-11-20', due_on: '2026-11-23', status: 'met' },
    ]);

    const travel = notify('PNC-UPD-MOVE-2', {
      kind: 'FOREIGN_TRAVEL',
      receivedOn: '2026-12-05',
      details: { destination: 'FR', departOn: '2026-12-01', returnOn: '2026-12-04' },
    });
    expect((await postInbound(hub, 'pnc', 'police.west-yorkshire', travel)).status).toBe(202);
    expect(await clock('FOREIGN_TRAVEL')).toEqual([
      { ref: expect.stringMatching(/^travel:/), due_on: '2026-12-01', status: 'open' },
    ]);
    await tick('2026-12-05');
    await police.waitFor(() =>
      clockEvents(subject).some(
        (r) =>
          r.event.type === 'deadline.overdue' &&
          (r.event.data as { deadline: { kind: string } }).deadline.kind === 'FOREIGN_TRAVEL',
      ),
    );
  });

  it('refuses bad query parameters, naming each', async () => {
    const res = await request(hub.url)
      .get('/v1/admin/deadlines?status=late&kind=NAP&limit=0')
      .set('authorization', `Bearer ${await hub.token('hub.operators')}`);
    expect(res.status).toBe(400);
    expect(fieldsNamed(res.body)).toEqual(['status', 'kind', 'limit']);
  });
});
