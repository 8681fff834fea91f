import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { stringify } from 'yaml';
import { startHmpoSimulator, type HmpoSimulator } from '../../adapters/simulators/hmpo/hmpo-simulator';
import { ClockScheduler } from '../../src/clocks/clock-scheduler';
import { waitForCount } from '../kit/db-wait';
import { courtExample, pncExample } from '../kit/examples';
import { postCourtOutcome, postInbound, subscribe } from '../kit/http';
import { waitForStartupClockTicks } from '../kit/queue-wait';
import { startSibling } from '../kit/sibling-hub';
import { DEFAULT_AGENCIES, DEFAULT_AGREEMENTS, HMPO_AGENCY, startTestHub, type TestHub } from '../kit/test-hub';
import { WebhookReceiver } from '../kit/webhook-receiver';

/**
 * The security review's disclosure findings (items 6, 7, 8, 13, 18, 20), each through real HTTP:
 * every exit goes through the one disclosure decision, with today's agreements.
 */

const [POLICE, PROBATION] = DEFAULT_AGREEMENTS;
const CLOCK_EVENTS = ['deadline.due', 'deadline.overdue'];
const SHPO_PNC_ID = '2004/0123456B';
const PASSPORT = '123456789';

/** The Metropolitan Police's agreement allows no identifiers and withholds what was notified. */
const MPS_AGREEMENT = {
  id: 'DSA-SEC-MPS',
  title: 'Convictions and clocks to the Metropolitan Police, without identifiers or notified data',
  status: 'active',
  validFrom: '2026-01-01',
  recipients: ['police.metropolitan'],
  purpose: 'PUBLIC_PROTECTION',
  lawfulBasis: 'Criminal Justice Act 2003 s.325',
  eventTypes: ['conviction.recorded', 'registration.started', 'order.made', ...CLOCK_EVENTS],
  fields: ['subject.names', 'subject.dateOfBirth', 'conviction', 'registration', 'order', 'deadline'],
  excludeProvenance: ['NOTIFICATION'],
  classification: 'OFFICIAL-SENSITIVE',
};

/** HMPO as DSA-2026-015 read before this change: names, date of birth and the entry; only watched subjects. */
const HMPO_AGREEMENT = {
  id: 'DSA-SEC-HMPO',
  title: 'Passport watchlist with HM Passport Office, without identifiers',
  status: 'active',
  validFrom: '2026-01-01',
  recipients: ['hmpo'],
  purpose: 'PASSPORT_CONTROL',
  lawfulBasis: 'Sentencing Act 2020 s.348',
  eventTypes: ['watchlist.entry.lodged', 'watchlist.entry.withdrawn'],
  conditions: { watchlistEntry: true },
  fields: ['subject.names', 'subject.dateOfBirth', 'watchlist'],
  classification: 'OFFICIAL-SENSITIVE',
};

const HMPO_WITH_READS = {
  ...HMPO_AGENCY,
  scopes: ['inbound:write', 'subjects:read', 'checks:run', 'subscriptions:write', 'feed:read'],
};

/** Noon in London on a civil date: the clock is driven by the test. */
const at = (date: string) => new Date(`${date}T12:00:00Z`);

async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 20000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A PNC notification about the SHPO fixture's defendant (same PNC id), dated in the past. */
function notification(updateId: string, notified: Record<string, unknown>) {
  return {
    ...pncExample('notification-foreign-travel'),
    updateId,
    recordedAt: '2026-11-02T09:00:00Z',
    nominal: {
      pncId: SHPO_PNC_ID,
      names: [{ forenames: 'John Michael', surname: 'SMITH', type: 'PRIMARY' }],
      dateOfBirth: '1986-02-28',
      sex: 'M',
    },
    notification: notified,
  };
}

describe('every exit goes through one disclosure decision', () => {
  let hub: TestHub;
  let hmpo: HmpoSimulator;
  const police = new WebhookReceiver();
  const met = new WebhookReceiver();
  let shpo: string;
  let juvenile: string;

  const as = async (agency: string, scope?: string) => ({
    authorization: `Bearer ${await hub.token(agency, scope ? { scope } : {})}`,
    'x-justification': 'security review of disclosures',
  });
  const check = async (agency: string, purpose: string) =>
    request(hub.url)
      .post('/v1/checks')
      .set(await as(agency, 'checks:run'))
      .send({
        subject: {
          forenames: 'John Michael',
          surname: 'SMITH',
          dateOfBirth: '1986-02-28',
          identifiers: [{ scheme: 'PNC', value: SHPO_PNC_ID }],
        },
        purpose,
        justification: 'security review of disclosures',
      });

  beforeAll(async () => {
    hmpo = await startHmpoSimulator();
    hub = await startTestHub({
      agencies: [...DEFAULT_AGENCIES, HMPO_WITH_READS],
      agreements: [
        {
          ...POLICE,
          eventTypes: [...(POLICE.eventTypes as string[]), ...CLOCK_EVENTS],
          fields: [...(POLICE.fields as string[]), 'deadline'],
        },
        PROBATION,
        MPS_AGREEMENT,
        HMPO_AGREEMENT,
      ],
      env: { HMPO_URL: hmpo.url, HUB_CLOCK_INTERVAL_MS: '3600000' },
    });
    await waitForStartupClockTicks(hub);
    await police.start();
    await met.start();
    expect((await subscribe(hub, 'police.west-yorkshire', police.url, CLOCK_EVENTS)).status).toBe(201);
    expect((await subscribe(hub, 'police.metropolitan', met.url, CLOCK_EVENTS)).status).toBe(201);
    // The passport is known only from the offender's own notification, before the SHPO arrives.
    const notified = await postInbound(
      hub,
      'pnc',
      'police.west-yorkshire',
      notification('PNC-SEC-1', {
        kind: 'CHANGE_OF_DETAILS',
        receivedOn: '2026-11-01',
        details: { passports: [{ number: PASSPORT, issuingCountry: 'GBR' }] },
      }),
    );
    expect(notified.status).toBe(202);
    shpo = (await postCourtOutcome(hub, 'court.leeds-crown', courtExample('hearing-resulted-shpo'))).body.subjectIds[0];
    expect(shpo).toBe(notified.body.subjectIds[0]);
    juvenile = (await postCourtOutcome(hub, 'court.leeds-youth', courtExample('hearing-resulted-juvenile-community')))
      .body.subjectIds[0];
    await until(() => hmpo.entries.size === 1);
  });

  afterAll(async () => {
    await hub?.close();
    await hmpo?.close();
    await police.close();
    await met.close();
  });

  it('item 6: a check answers nothing outside the agreement: no PNC id to a force or to HMPO whose agreements allow no identifiers', async () => {
    const byPolice = await check('police.west-yorkshire', 'MAPPA_RISK_MANAGEMENT');
    expect(byPolice.status).toBe(200);
    expect(byPolice.body.matches[0]).toMatchObject({ subjectId: shpo, pncId: SHPO_PNC_ID }); // its agreement allows identifiers

    for (const [agency, purpose] of [
      ['police.metropolitan', 'PUBLIC_PROTECTION'],
      ['hmpo', 'PASSPORT_CONTROL'],
    ]) {
      const res = await check(agency, purpose);
      expect(res.status).toBe(200);
      expect(res.body.matches).toHaveLength(1);
      const [match] = res.body.matches;
      expect(match.subjectId).toBe(shpo);
      expect(match).not.toHaveProperty('pncId');
      expect(match.summary).not.toHaveProperty('identifiers');
      expect(JSON.stringify(res.body)).not.toContain(SHPO_PNC_ID.slice(5));
      expect(JSON.stringify(res.body)).not.toContain(PASSPORT);
    }
  });

  it('item 7: a deadline derived from a travel notification does not reach an agreement that excludes NOTIFICATION', async () => {
    const travel = notification('PNC-SEC-2', {
      kind: 'FOREIGN_TRAVEL',
      receivedOn: '2026-11-10',
      details: { destination: 'FR', departOn: '2026-11-05', returnOn: '2026-11-08' },
    });
    expect((await postInbound(hub, 'pnc', 'police.west-yorkshire', travel)).status).toBe(202);
    await hub.app.get(ClockScheduler).tick('deadlines', at('2026-11-11'));
    const isTravel = (data: Record<string, any>) => data.deadline?.kind === 'FOREIGN_TRAVEL';
    // West Yorkshire's agreement takes notified data: it is told the travel was notified late.
    await police.waitFor((r) => r.some((x) => x.event.type === 'deadline.overdue' && isTravel(x.event.data)));
    const { rows } = await hub.db.query(
      `SELECT id, data FROM events WHERE subject_id = $1 AND type = 'deadline.overdue' AND data->'deadline'->>'kind' = 'FOREIGN_TRAVEL'`,
      [shpo],
    );
    expect(rows).toHaveLength(1);
    // Routed in the same batch: the Metropolitan Police has no delivery of it, so nothing is queued or sent.
    await waitForCount(
      hub.db,
      `SELECT count(*)::int AS n FROM deliveries WHERE event_id = $1`,
      [rows[0].id],
      (n) => n >= 1,
    );
    const toMet = await hub.db.query(
      `SELECT id FROM deliveries WHERE event_id = $1 AND agency_id = 'police.metropolitan'`,
      [rows[0].id],
    );
    expect(toMet.rows).toEqual([]);
    expect(met.received.filter((x) => isTravel(x.event.data))).toEqual([]);
    expect(JSON.stringify(met.received)).not.toContain('travel:');
    // Because the deadline carries the provenance of the notification it derives from.
    expect(rows[0].data.deadline.provenance).toEqual({ kind: 'NOTIFICATION' });
  });

  it("item 13: the HMPO lodgement carries only what HMPO's agreement allows, exactly as its preview shows", async () => {
    const [entry] = [...hmpo.entries.values()] as { Subject: Record<string, string> }[];
    expect(entry.Subject).toMatchObject({ Surname: 'SMITH', Forenames: 'John Michael', DateOfBirth: '1986-02-28' });
    expect(entry.Subject).not.toHaveProperty('PassportNumber'); // the notified passport is outside DSA-SEC-HMPO
    expect(JSON.stringify(entry)).not.toContain(PASSPORT);

    const preview = await request(hub.url)
      .get(`/v1/admin/agreements/${HMPO_AGREEMENT.id}/preview?subjectId=${shpo}`)
      .set(await as('hub.operators'));
    expect(preview.status).toBe(200);
    const [forHmpo] = preview.body.recipients;
    expect(forHmpo).toMatchObject({ agency: 'hmpo', receives: true });
    expect(forHmpo.record).not.toHaveProperty('identifiers');
    expect(forHmpo.record.dateOfBirth).toBe(entry.Subject.DateOfBirth);
    expect(forHmpo.record.names).toContainEqual(
      expect.objectContaining({ surname: entry.Subject.Surname, forenames: entry.Subject.Forenames }),
    );
  });

  it("item 18: the timeline shows only the entries, sources and fields the reader's agreements allow", async () => {
    const all = await request(hub.url)
      .get(`/v1/subjects/${shpo}/timeline`)
      .set(await as('police.west-yorkshire', 'subjects:read'));
    expect(all.status).toBe(200);
    const res = await request(hub.url)
      .get(`/v1/subjects/${shpo}/timeline`)
      .set(await as('police.metropolitan', 'subjects:read'));
    expect(res.status).toBe(200);
    const types = new Set(res.body.entries.map((e: { type: string }) => e.type));
    expect(types.size).toBeGreaterThan(0);
    for (const type of types) expect(MPS_AGREEMENT.eventTypes).toContain(type);
    // The notifications (sent by the police, collected under the notification requirements) are not there at all.
    const notified = (
      await hub.db.query(
        `SELECT inbound_message_id FROM events WHERE subject_id = $1 AND source_agency = 'police.west-yorkshire'`,
        [shpo],
      )
    ).rows.map((r) => r.inbound_message_id);
    expect(notified.length).toBeGreaterThan(0);
    for (const entry of res.body.entries) {
      expect(notified).not.toContain(entry.sourceMessageId);
      expect(entry.data.subject ?? {}).not.toHaveProperty('identifiers');
      expect(entry.data.subject ?? {}).not.toHaveProperty('address');
    }
    expect(JSON.stringify(res.body)).not.toContain(PASSPORT);
    expect(res.body.entries.length).toBeLessThan(all.body.entries.length);
  });

  it('item 20: HMPO sees only subjects it holds a watch entry for (conditions.watchlistEntry)', async () => {
    const watched = await request(hub.url)
      .get(`/v1/subjects/${shpo}`)
      .set(await as('hmpo', 'subjects:read'));
    expect(watched.status).toBe(200);
    expect(watched.body).not.toHaveProperty('identifiers');
    expect(watched.body).not.toHaveProperty('convictions');
    const unwatched = await request(hub.url)
      .get(`/v1/subjects/${juvenile}`)
      .set(await as('hmpo', 'subjects:read'));
    expect(unwatched.status).toBe(404);
    const timeline = await request(hub.url)
      .get(`/v1/subjects/${juvenile}/timeline`)
      .set(await as('hmpo', 'subjects:read'));
    expect(timeline.status).toBe(404);
  });
});

describe("item 8: payloads are projected when they leave, with that day's agreements", () => {
  let hub: TestHub;
  let restarted: Awaited<ReturnType<typeof startSibling>> | null = null;
  const police = new WebhookReceiver();

  beforeAll(async () => {
    hub = await startTestHub({ env: { HUB_RETRY_SCHEDULE: '8s,8s,8s,8s' } });
    await police.start();
  });

  afterAll(async () => {
    await restarted?.close();
    await hub?.close();
    await police.close();
  });

  it('after an agreement is narrowed and the hub restarted, a webhook retry and a feed read carry the narrowed payload', async () => {
    police.answers = [500];
    expect((await subscribe(hub, 'police.west-yorkshire', police.url, ['conviction.recorded'])).status).toBe(201);
    const feed = await request(hub.url)
      .post('/v1/subscriptions')
      .set('authorization', `Bearer ${await hub.token('probation.yorkshire')}`)
      .send({ eventTypes: ['conviction.recorded'], delivery: { mode: 'feed' } });
    expect(feed.status).toBe(201);
    const subjectId = (await postCourtOutcome(hub, 'court.leeds-crown', courtExample('hearing-resulted-shpo'))).body
      .subjectIds[0];
    // Routed with the date of birth; the webhook's first attempt failed, the feed entry waits.
    await waitForCount(
      hub.db,
      `SELECT count(*)::int AS n FROM deliveries d JOIN events e ON e.id = d.event_id WHERE e.type = 'conviction.recorded' AND d.agency_id = 'police.west-yorkshire' AND d.status = 'failed'`,
    );
    await waitForCount(
      hub.db,
      `SELECT count(*)::int AS n FROM deliveries WHERE agency_id = 'probation.yorkshire' AND status = 'available'`,
    );
    const stored = await hub.db.query(`SELECT payload FROM deliveries WHERE status IN ('failed', 'available')`);
    expect(stored.rows.every((r) => r.payload.subject.dateOfBirth === '1986-02-28')).toBe(true);

    // The DPO narrows both agreements: no date of birth any more. The hub restarts on them.
    await hub.app.close();
    for (const a of [POLICE, PROBATION]) {
      writeFileSync(
        join(hub.env.configDir, 'agreements', `${a.id}.yaml`),
        stringify({ ...a, fields: (a.fields as string[]).filter((f) => f !== 'subject.dateOfBirth') }),
      );
    }
    restarted = await startSibling(hub, 'all');
    await restarted.app.listen({ port: 0, host: '127.0.0.1' });
    const url = `http://127.0.0.1:${(restarted.app.getHttpServer().address() as { port: number }).port}`;

    await police.waitFor((r) => r.some((x) => x.event.type === 'conviction.recorded'), 40000);
    const sent = police.received.find((x) => x.event.type === 'conviction.recorded')!.event;
    expect(sent.subject).toBe(subjectId);
    expect(sent.data.subject.names.length).toBeGreaterThan(0);
    expect(sent.data.subject).not.toHaveProperty('dateOfBirth');

    const read = await request(url)
      .get('/v1/feed')
      .set('authorization', `Bearer ${await hub.token('probation.yorkshire')}`);
    expect(read.status).toBe(200);
    const entry = read.body.events.find((e: { type: string }) => e.type === 'conviction.recorded');
    expect(entry.data.subject.names.length).toBeGreaterThan(0);
    expect(entry.data.subject).not.toHaveProperty('dateOfBirth');
    // The rows now record what left.
    const after = await hub.db.query(
      `SELECT payload FROM deliveries WHERE agency_id IN ('police.west-yorkshire', 'probation.yorkshire')`,
    );
    expect(after.rows.some((r) => r.payload.subject?.dateOfBirth)).toBe(false);
  }, 90_000);
});
