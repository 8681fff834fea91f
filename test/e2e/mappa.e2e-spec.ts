import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import request from 'supertest';
import { addDays, todayInLondon } from '../../src/canonical/civil-date';
import { ClockScheduler } from '../../src/clocks/clock-scheduler';
import { waitForAllDeliveries, waitForDeliveries } from '../kit/db-wait';
import { courtExample, mappaExample } from '../kit/examples';
import { postInbound, subscribe } from '../kit/http';
import { waitForStartupClockTicks } from '../kit/queue-wait';
import { DEFAULT_AGENCIES, startTestHub, type TestHub } from '../kit/test-hub';
import { WebhookReceiver } from '../kit/webhook-receiver';
import { fieldsNamed } from '../kit/problems';

// mappa.md end to end, on real Postgres, Redis and HTTP receivers: a level 2 meeting reaches each
// attendee with only its agreement's fields, receipts are tracked, actions keep their owner's
// clock and escalate to the chair, owners close their own actions, and the victim section is
// nowhere outside the hub.

const MAPPA_EVENTS = ['mappa.meeting.held', 'mappa.action.assigned', 'mappa.action.updated'];
const CLOCK_EVENTS = ['deadline.due', 'deadline.overdue'];
const UNIT = 'mappa.west-yorkshire';
const VICTIM_TEXT = `VICTIM-${randomUUID()} lives at 12 Example Road`;

const agreement = (id: string, recipient: string, extra: Record<string, unknown>) => ({
  id,
  title: `MAPPA minutes and actions to ${recipient}`,
  status: 'active',
  validFrom: '2026-01-01',
  validTo: '2099-12-31',
  recipients: [recipient],
  purpose: 'MAPPA_RISK_MANAGEMENT',
  lawfulBasis: 'Criminal Justice Act 2003 s.325',
  eventTypes: ['subject.created', 'conviction.recorded', ...MAPPA_EVENTS, ...CLOCK_EVENTS],
  classification: 'OFFICIAL-SENSITIVE',
  ...extra,
});

const AGREEMENTS = [
  agreement('DSA-T-MAPPA-POLICE', 'police.west-yorkshire', {
    conditions: { areas: ['WYP'] },
    fields: ['subject.names', 'subject.dateOfBirth', 'subject.identifiers', 'conviction', 'mappa', 'deadline'],
    ackWithin: 'P1D',
  }),
  // No ackWithin: a minute must still be acknowledged, within P2D.
  agreement('DSA-T-MAPPA-PROBATION', 'probation.yorkshire', {
    conditions: { areas: ['WYP'] },
    fields: [
      'subject.names',
      'subject.dateOfBirth',
      'subject.identifiers',
      'mappa.meetings',
      'mappa.actions',
      'deadline',
    ],
  }),
  // Housing's conditions do not hold for this subject (category 1): it receives as an attendee and owner only.
  agreement('DSA-T-MAPPA-HOUSING', 'dtc.leeds-city-housing', {
    eventTypes: [...MAPPA_EVENTS, ...CLOCK_EVENTS],
    conditions: { areas: ['WYP'], mappaCategories: [3] },
    fields: ['subject.names', 'mappa.meetings', 'mappa.actions'],
  }),
  // The Met lists the events, but the subject is not in its area and it was not at the meeting.
  agreement('DSA-T-MAPPA-MET', 'police.metropolitan', {
    conditions: { areas: ['MPS'] },
    fields: ['subject.names', 'mappa'],
  }),
];

describe('MAPPA meetings, actions and receipts (mappa unit → hub → agencies)', () => {
  let hub: TestHub;
  let clocks: ClockScheduler;
  const receivers = {
    police: new WebhookReceiver(),
    probation: new WebhookReceiver(),
    housing: new WebhookReceiver(),
    met: new WebhookReceiver(),
  };
  const logLines: string[] = [];
  const logStream = new Writable({
    write(chunk, _encoding, done) {
      logLines.push(String(chunk));
      done();
    },
  });
  const today = todayInLondon();
  const heldOn = addDays(today, -3);
  const yesterday = addDays(today, -1);
  let subjectId: string;
  let meetingEventId: string;
  const meetingId = `MM-${randomUUID().slice(0, 8)}`;
  const policeAction = `${meetingId}-A1`;
  const housingAction = `${meetingId}-A2`;

  const token = (agency: string, scope?: string) => hub.token(agency, scope ? { scope } : {});
  const post = (body: unknown, agency = UNIT) => postInbound(hub, 'mappa', agency, body);
  const of = (r: WebhookReceiver, type: string) => r.received.filter((x) => x.event.type === type).map((x) => x.event);
  const admin = async (path: string) =>
    request(hub.url)
      .get(path)
      .set('authorization', `Bearer ${await token('hub.operators')}`);
  const read = async (agency: string, path: string) =>
    request(hub.url)
      .get(path)
      .set('authorization', `Bearer ${await token(agency)}`)
      .set('x-justification', 'Preparing the next MAPPA review');
  const tick = async (date: string) => {
    const raised = await clocks.tick('deadlines', new Date(`${date}T12:00:00Z`));
    await waitForAllDeliveries(hub.db);
    return raised;
  };
  const overdueOf = (r: WebhookReceiver, kind: string) =>
    of(r, 'deadline.overdue').filter((e) => e.data.deadline?.kind === kind);

  /** The console as an operator sees it: the MAPPA board, its CSV, and every quarantined MAPPA message, masked and revealed. */
  async function consolePages(): Promise<string[]> {
    const sameOrigin = { origin: hub.url, 'sec-fetch-site': 'same-origin' };
    const signIn = await fetch(`${hub.url}/console/sign-in/token`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...sameOrigin },
      body: new URLSearchParams({ token: await token('hub.operators') }).toString(),
    });
    const session = signIn.headers
      .getSetCookie()
      .find((c) => c.startsWith('__Host-hub-session='))!
      .split(';')[0];
    const get = async (path: string) => {
      const res = await fetch(`${hub.url}${path}`, { headers: { cookie: session } });
      expect(res.status).toBe(200);
      return res.text();
    };
    const pages = [await get('/console/mappa?area=WYP'), await get('/console/mappa?format=csv')];
    expect(pages[0]).toContain('Open actions by owner agency');
    expect(pages[0]).toContain('police.west-yorkshire');
    expect(pages[1]).toContain('actions by owner,police.west-yorkshire open,1');
    const { rows } = await hub.db.query(
      `SELECT id FROM inbound_messages WHERE agency_id = $1 AND status = 'rejected'`,
      [UNIT],
    );
    expect(rows.length).toBeGreaterThan(5);
    for (const { id } of rows) {
      const masked = await get(`/console/quarantine/${id}`);
      const csrf = /name="csrf" value="([^"]+)"/.exec(masked)![1];
      const revealed = await fetch(`${hub.url}/console/quarantine/${id}/reveal`, {
        method: 'POST',
        headers: { cookie: session, 'content-type': 'application/x-www-form-urlencoded', ...sameOrigin },
        body: new URLSearchParams({ csrf, justification: 'Checking why the unit’s minute was refused' }).toString(),
      });
      expect(revealed.status).toBe(200);
      pages.push(masked, await revealed.text());
    }
    return pages;
  }

  function meeting(): Record<string, any> {
    const m = mappaExample('meeting-held');
    m.eventId = `EVT-${randomUUID()}`;
    m.occurredAt = new Date().toISOString();
    m.meeting.meetingId = meetingId;
    m.meeting.heldOn = heldOn;
    // Probation chairs; police owns the action due yesterday, housing one due in ten days.
    m.meeting.chair = { name: 'Amir Shah', agency: 'probation.yorkshire' };
    m.meeting.actions[0].actionId = policeAction;
    m.meeting.actions[0].dueOn = yesterday;
    m.meeting.actions[1].actionId = housingAction;
    m.meeting.actions[1].dueOn = addDays(today, 10);
    m.meeting.nextReviewOn = addDays(today, 60);
    m.meeting.victimSection = VICTIM_TEXT;
    return m;
  }
  function actionUpdate(action: Record<string, unknown>): Record<string, any> {
    const m = mappaExample('action-updated');
    m.eventId = `EVT-${randomUUID()}`;
    m.occurredAt = new Date().toISOString();
    m.action = { meetingId, actionId: policeAction, status: 'BLOCKED', updatedOn: today, ...action };
    return m;
  }

  beforeAll(async () => {
    hub = await startTestHub({
      agencies: [...DEFAULT_AGENCIES, { id: UNIT, kind: 'MAPPA_UNIT', areas: ['WYP'] }],
      agreements: AGREEMENTS,
      env: { HUB_CLOCK_INTERVAL_MS: '3600000', LOG_LEVEL: 'debug', HUB_CONSOLE_TOKEN_SIGN_IN: 'true' },
      logStream,
    });
    clocks = hub.app.get(ClockScheduler);
    await waitForStartupClockTicks(hub);
    const subscriptions: [keyof typeof receivers, string][] = [
      ['police', 'police.west-yorkshire'],
      ['probation', 'probation.yorkshire'],
      ['housing', 'dtc.leeds-city-housing'],
      ['met', 'police.metropolitan'],
    ];
    for (const [name, agency] of subscriptions) {
      await receivers[name].start();
      expect((await subscribe(hub, agency, receivers[name].url, [...MAPPA_EVENTS, ...CLOCK_EVENTS])).status).toBe(201);
    }
    const convicted = await postInbound(
      hub,
      'court-outcomes',
      'court.leeds-crown',
      courtExample('hearing-resulted-shpo'),
    );
    expect(convicted.status).toBe(202);
    subjectId = convicted.body.subjectIds[0];
    await waitForDeliveries(hub.db, convicted.body.events);
  });

  afterAll(async () => {
    await hub?.close();
    await Promise.all(Object.values(receivers).map((r) => r.close()));
  });

  it('a level 2 meeting reaches every attendee, each with only its agreement’s fields, and no one else', async () => {
    const res = await post(meeting());
    expect(res.status).toBe(202);
    expect(res.body.subjectIds).toEqual([subjectId]);
    await waitForDeliveries(hub.db, res.body.events);

    const [police] = of(receivers.police, 'mappa.meeting.held');
    const [probation] = of(receivers.probation, 'mappa.meeting.held');
    const [housing] = of(receivers.housing, 'mappa.meeting.held');
    meetingEventId = police.id;
    for (const e of [police, probation, housing]) {
      expect(e.subject).toBe(subjectId);
      expect(e.data.mappa.meetings).toMatchObject({
        meetingId,
        level: 2,
        heldOn,
        area: 'WYP',
        chair: { agency: 'probation.yorkshire' },
        attendees: [
          { agency: 'police.west-yorkshire' },
          { agency: 'probation.yorkshire' },
          { agency: 'dtc.leeds-city-housing' },
        ],
        decisions: expect.arrayContaining(['Home visit by police within 14 days']),
      });
      expect(e.data.mappa.meetings.riskSummary).toContain('High risk');
    }
    // Police: names, date of birth, identifiers, the whole of mappa; probation: no conviction even if it had one;
    // housing: names and the minute only.
    expect(Object.keys(police.data).sort()).toEqual(['mappa', 'subject']);
    expect(Object.keys(police.data.subject).sort()).toEqual(['dateOfBirth', 'identifiers', 'names']);
    expect(Object.keys(probation.data.subject).sort()).toEqual(['dateOfBirth', 'identifiers', 'names']);
    expect(Object.keys(housing.data.subject)).toEqual(['names']);
    expect(Object.keys(housing.data.mappa)).toEqual(['meetings']);
    expect(police.agreement).toBe('DSA-T-MAPPA-POLICE');
    expect(housing.agreement).toBe('DSA-T-MAPPA-HOUSING');
    expect(receivers.met.received).toEqual([]);

    // One mappa.action.assigned per action: to the owner, and under agreements whose conditions hold.
    const assigned = (r: WebhookReceiver) => of(r, 'mappa.action.assigned').map((e) => e.data.mappa.actions.actionId);
    expect(assigned(receivers.police).sort()).toEqual([policeAction, housingAction].sort());
    expect(assigned(receivers.probation).sort()).toEqual([policeAction, housingAction].sort());
    expect(assigned(receivers.housing)).toEqual([housingAction]);
    expect(of(receivers.housing, 'mappa.action.assigned')[0].data.mappa.actions).toMatchObject({
      meetingId,
      owner: { agency: 'dtc.leeds-city-housing' },
      dueOn: addDays(today, 10),
      status: 'OPEN',
    });
  });

  it('the minute must be acknowledged: within its agreement’s ackWithin, or P2D when it sets none', async () => {
    const { rows } = await hub.db.query(
      `SELECT agency_id, round(extract(epoch FROM ack_due_at - delivered_at) / 3600) AS hours
         FROM deliveries WHERE event_id = $1 ORDER BY agency_id`,
      [meetingEventId],
    );
    expect(rows).toEqual([
      { agency_id: 'dtc.leeds-city-housing', hours: '48' },
      { agency_id: 'police.west-yorkshire', hours: '24' },
      { agency_id: 'probation.yorkshire', hours: '48' },
    ]);
  });

  it('police acknowledges the minute and drops out of the unacknowledged list; the others stay on it', async () => {
    const recipients = async () =>
      ((await admin('/v1/admin/mappa/minutes/unacknowledged?area=WYP')).body.items as Record<string, string>[])
        .filter((i) => i.meetingId === meetingId)
        .map((i) => i.recipient)
        .sort();
    expect(await recipients()).toEqual(['dtc.leeds-city-housing', 'police.west-yorkshire', 'probation.yorkshire']);
    const ack = await request(hub.url)
      .post(`/v1/events/${meetingEventId}/acknowledgements`)
      .set('authorization', `Bearer ${await token('police.west-yorkshire')}`)
      .send({ note: 'On ViSOR' });
    expect(ack.status).toBe(201);
    expect(await recipients()).toEqual(['dtc.leeds-city-housing', 'probation.yorkshire']);
    // Another area's list does not show this area's minutes.
    expect((await admin('/v1/admin/mappa/minutes/unacknowledged?area=MPS')).body.items).toEqual([]);
    expect((await admin('/v1/admin/mappa/minutes/unacknowledged?area=wyp')).status).toBe(400);
  });

  it('an action due yesterday raises overdue to its owner only; past the escalation delay, to the chair only', async () => {
    expect(overdueOf(receivers.police, 'MAPPA_ACTION')).toEqual([]);
    await tick(today);
    const [overdue] = overdueOf(receivers.police, 'MAPPA_ACTION');
    expect(overdue.data.deadline).toMatchObject({
      kind: 'MAPPA_ACTION',
      dueOn: yesterday,
      mappaAction: { meetingId, actionId: policeAction, owner: 'police.west-yorkshire', chair: 'probation.yorkshire' },
    });
    expect(overdueOf(receivers.probation, 'MAPPA_ACTION')).toEqual([]);
    expect(overdueOf(receivers.housing, 'MAPPA_ACTION')).toEqual([]);

    // escalateAfterDays (5) after the due date, and the day after: escalated to the chair (probation).
    await tick(addDays(yesterday, 5));
    expect(overdueOf(receivers.probation, 'MAPPA_ACTION_ESCALATED')).toEqual([]);
    await tick(addDays(yesterday, 6));
    const escalated = overdueOf(receivers.probation, 'MAPPA_ACTION_ESCALATED');
    expect(escalated.map((e) => e.data.deadline.mappaAction.actionId)).toEqual([policeAction]);
    expect(overdueOf(receivers.police, 'MAPPA_ACTION_ESCALATED')).toEqual([]);
    // Each once, however often the clock ticks.
    await tick(addDays(yesterday, 7));
    expect(overdueOf(receivers.police, 'MAPPA_ACTION')).toHaveLength(1);
    expect(overdueOf(receivers.probation, 'MAPPA_ACTION_ESCALATED')).toHaveLength(1);

    const overdueList = await admin('/v1/admin/mappa/actions?status=overdue&area=WYP');
    expect(overdueList.status).toBe(200);
    expect(overdueList.body.items).toEqual([
      expect.objectContaining({ subjectId, actionId: policeAction, owner: 'police.west-yorkshire', overdue: true }),
    ]);
  });

  it('the unit reports an action blocked: mappa.action.updated, and it stays open', async () => {
    const res = await post(actionUpdate({ status: 'BLOCKED', note: 'Address not yet confirmed' }));
    expect(res.status).toBe(202);
    await waitForDeliveries(hub.db, res.body.events);
    expect(of(receivers.police, 'mappa.action.updated').map((e) => e.data.mappa.actions)).toEqual([
      expect.objectContaining({ actionId: policeAction, status: 'BLOCKED', note: 'Address not yet confirmed' }),
    ]);
    const open = await read('probation.yorkshire', `/v1/subjects/${subjectId}/actions?status=open`);
    expect(open.body.actions.map((a: { actionId: string }) => a.actionId).sort()).toEqual(
      [policeAction, housingAction].sort(),
    );
  });

  it('an action closed by its owner leaves the open lists; another agency cannot close it (404)', async () => {
    const complete = async (agency: string, actionId: string, body: object) =>
      request(hub.url)
        .post(`/v1/mappa/actions/${actionId}/completion`)
        .set('authorization', `Bearer ${await token(agency)}`)
        .send(body);
    expect((await complete('police.west-yorkshire', housingAction, { status: 'DONE' })).status).toBe(404);
    expect((await complete('dtc.leeds-city-housing', 'no-such-action', { status: 'DONE' })).status).toBe(404);
    const invalid = await complete('dtc.leeds-city-housing', housingAction, { status: 'FINISHED', note: '' });
    expect(invalid.status).toBe(422);
    expect(fieldsNamed(invalid.body).sort()).toEqual(['note', 'status']);

    const done = await complete('dtc.leeds-city-housing', housingAction, { status: 'DONE', note: 'Tenancy confirmed' });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ actionId: housingAction, meetingId, subjectId, status: 'DONE' });
    await waitForDeliveries(hub.db, done.body.events);
    expect(of(receivers.housing, 'mappa.action.updated').map((e) => e.data.mappa.actions)).toEqual([
      expect.objectContaining({ actionId: housingAction, status: 'DONE', updatedBy: 'dtc.leeds-city-housing' }),
    ]);

    const ids = (actions: { actionId: string }[]) => actions.map((a) => a.actionId);
    expect(ids((await read('probation.yorkshire', `/v1/subjects/${subjectId}/actions`)).body.actions)).toEqual([
      policeAction,
    ]);
    const all = (await read('police.west-yorkshire', `/v1/subjects/${subjectId}/actions?status=all`)).body.actions;
    expect(all.find((a: { actionId: string }) => a.actionId === housingAction)).toMatchObject({ status: 'DONE' });
    expect(ids((await admin('/v1/admin/mappa/actions?status=open&area=WYP')).body.items)).toEqual([policeAction]);
    const { rows } = await hub.db.query(
      `SELECT kind, status FROM deadlines WHERE subject_id = $1 AND ref = $2 ORDER BY kind`,
      [subjectId, `${meetingId}#${housingAction}`],
    );
    expect(rows).toEqual([
      { kind: 'MAPPA_ACTION', status: 'met' },
      { kind: 'MAPPA_ACTION_ESCALATED', status: 'met' },
    ]);
    // Housing (no conditions holding, no subjects:read) and the Met see no subject; a bad status is named.
    expect((await read('police.metropolitan', `/v1/subjects/${subjectId}/actions`)).status).toBe(404);
    expect((await read('police.west-yorkshire', `/v1/subjects/${subjectId}/actions?status=late`)).status).toBe(400);
  });

  it('the OpenAPI and AsyncAPI documents describe the new source, reads and events', async () => {
    const openapi = (await request(hub.url).get('/openapi.json')).body as { paths: Record<string, unknown> };
    expect(Object.keys(openapi.paths)).toEqual(
      expect.arrayContaining([
        '/v1/inbound/mappa',
        '/v1/subjects/{subjectId}/actions',
        '/v1/mappa/actions/{actionId}/completion',
        '/v1/admin/mappa/actions',
        '/v1/admin/mappa/minutes/unacknowledged',
      ]),
    );
    const asyncapi = (await request(hub.url).get('/asyncapi.yaml')).text;
    for (const name of [...MAPPA_EVENTS, 'MappaMeeting', 'MappaAction', 'MAPPA_ACTION_ESCALATED'])
      expect(asyncapi).toContain(name);
    expect(asyncapi).not.toContain('victimSection');
  });

  describe('bad input on POST /v1/inbound/mappa: named, and quarantined', () => {
    const quarantined = async () =>
      ((await admin(`/v1/admin/quarantine?agency=${UNIT}&limit=500`)).body.items as unknown[]).length;
    const refused = async (body: unknown, status: number, paths?: string[], agency = UNIT) => {
      const before = await quarantined();
      const res = typeof body === 'string' ? await postInbound(hub, 'mappa', agency, body) : await post(body, agency);
      expect(res.status).toBe(status);
      expect(res.headers['content-type']).toContain('application/problem+json');
      // Each field once (a field failing several rules has an entry per rule).
      if (paths) expect(fieldsNamed(res.body).sort()).toEqual([...paths].sort());
      if (agency === UNIT) expect(await quarantined()).toBe(before + 1);
      return res;
    };

    it('malformed JSON: 400', async () => {
      await refused('{"schemaVersion": "1.0", "meeting": {"victimSection": "' + VICTIM_TEXT, 400);
    });

    it('a person named without an identifier, or by identifiers the hub does not hold: 422 naming person', async () => {
      const m = meeting();
      m.meeting.meetingId = `MM-${randomUUID()}`;
      delete m.person.pncId;
      delete m.person.crn;
      await refused(m, 422, ['person']);
      m.person.crn = 'Z999999';
      await refused(m, 422, ['person']);
    });

    it('the same meeting twice (a new key): 422 naming meetingId', async () => {
      await refused(meeting(), 422, ['meeting.meetingId']);
    });

    it('out of order: an update of an action the hub does not hold, or dated before the meeting or its last update', async () => {
      await refused(actionUpdate({ actionId: 'never-decided' }), 422, ['action.actionId']);
      await refused(actionUpdate({ meetingId: 'MM-unknown' }), 422, ['action.meetingId']);
      await refused(actionUpdate({ updatedOn: addDays(heldOn, -1) }), 422, ['action.updatedOn']);
    });

    it('future-dated, oversized text and NUL: 422 naming each; nested too deep: 400; hostile keys pollute nothing', async () => {
      const m = meeting();
      m.occurredAt = new Date(Date.now() + 3_600_000).toISOString();
      m.meeting.heldOn = addDays(today, 1);
      for (const a of m.meeting.actions) a.dueOn = addDays(today, 20);
      m.meeting.riskSummary = 'x'.repeat(4001);
      m.meeting.decisions = [{ nested: { deeper: true } }];
      await refused(m, 422, ['occurredAt', 'meeting.heldOn', 'meeting.riskSummary', 'meeting.decisions']);
      const deep = meeting();
      let cursor: Record<string, unknown> = deep.meeting;
      for (let i = 0; i < 80; i++) cursor = cursor[`n${i}`] = {};
      // Nested past the hub's depth limit: refused as unreadable before any field is looked at.
      await refused(deep, 400);
      const hostile = JSON.stringify(meeting()).replace('"meeting":{', '"meeting":{"__proto__":{"admin":true},');
      const before = await quarantined();
      const hostileRes = await postInbound(hub, 'mappa', UNIT, hostile);
      expect([400, 422]).toContain(hostileRes.status);
      expect(({} as Record<string, unknown>).admin).toBeUndefined();
      expect(await quarantined()).toBe(before + 1);
      const nul = JSON.stringify(meeting()).replace('"riskSummary":"', '"riskSummary":"\\u0000');
      const nulRes = await refused(nul, 422);
      expect(fieldsNamed(nulRes.body)).toContain('meeting.riskSummary');
    });

    it('an agency of another kind: 403', async () => {
      await refused(meeting(), 403, undefined, 'probation.yorkshire');
    });
  });

  it('the victim section appears nowhere outside the hub: deliveries, reads, timeline, actions, lists, logs, storage', async () => {
    await waitForAllDeliveries(hub.db);
    const exits: string[] = [];
    for (const r of Object.values(receivers)) exits.push(...r.received.map((x) => x.body));
    for (const agency of ['police.west-yorkshire', 'probation.yorkshire']) {
      for (const path of ['', '/timeline', '/actions?status=all']) {
        const res = await read(agency, `/v1/subjects/${subjectId}${path}`);
        expect(res.status).toBe(200);
        exits.push(res.text);
      }
    }
    for (const path of [
      '/v1/admin/mappa/actions?status=open',
      '/v1/admin/mappa/minutes/unacknowledged',
      `/v1/admin/quarantine?agency=${UNIT}&limit=500`,
      '/v1/admin/deliveries?status=pending',
      '/v1/admin/acknowledgements/overdue',
    ]) {
      const res = await admin(path);
      expect(res.status).toBe(200);
      exits.push(res.text);
    }
    exits.push(...(await consolePages()));
    exits.push(...logLines);
    // The minute itself did go out (so the search below looks where it would be).
    expect(exits.some((text) => text.includes('High risk of serious harm'))).toBe(true);
    const needle = VICTIM_TEXT.slice(0, 43);
    expect(exits.filter((text) => text.includes(needle))).toEqual([]);

    // In storage, only the table kept apart holds it: not the record, events, deliveries,
    // commands, audit, or the messages kept (accepted or quarantined).
    const { rows: tables } = await hub.db.query(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
    );
    const holding: string[] = [];
    for (const { table_name } of tables) {
      const { rows } = await hub.db.query(`SELECT count(*)::int AS n FROM "${table_name}" t WHERE t::text LIKE $1`, [
        `%${needle}%`,
      ]);
      if (rows[0].n > 0) holding.push(table_name);
    }
    expect(holding).toEqual(['victim_sections']);
    // And the hub's own role cannot read it back.
    const client = await hub.db.connect();
    try {
      await client.query('SET ROLE hub_app');
      await expect(client.query('SELECT sent_body FROM victim_sections')).rejects.toThrow(/permission denied/);
    } finally {
      await client.query('RESET ROLE');
      client.release();
    }
  });
});
