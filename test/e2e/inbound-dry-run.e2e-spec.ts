import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import request from 'supertest';
import { startHmpoSimulator, type HmpoSimulator } from '../../adapters/simulators/hmpo/hmpo-simulator';
import { courtExample, mappaExample, pncExample, prisonExample, probationExample } from '../kit/examples';
import { waitForAllDeliveries, waitForCount } from '../kit/db-wait';
import { subscribe } from '../kit/http';
import { waitForStartupClockTicks } from '../kit/queue-wait';
import {
  DEFAULT_AGENCIES,
  DEFAULT_AGREEMENTS,
  HMPO_AGENCY,
  HMPO_AGREEMENT,
  startTestHub,
  type TestHub,
} from '../kit/test-hub';
import { WebhookReceiver } from '../kit/webhook-receiver';
import { fieldsNamed } from '../kit/problems';

// ?dryRun=true on every inbound path (api.md, docs/adr/0020-dry-run.md), on a real hub: the
// answer predicts what a real post does (each dry run is followed by the same message for real
// and compared with it), and nothing of the dry run is kept, delivered, quarantined or claimed.

const UNIT = 'mappa.west-yorkshire';
const AGENCIES = [...DEFAULT_AGENCIES, HMPO_AGENCY, { id: UNIT, kind: 'MAPPA_UNIT', areas: ['WYP'] }];
const COURT_EVENTS = DEFAULT_AGREEMENTS[0].eventTypes as string[];
const HIT_XML = readFileSync('adapters/inbound/passport-watchlist/fixtures/watchlist-hit.xml', 'utf8');

/** Everything a message can leave behind, counted. */
const KEPT_TABLES = [
  'subjects',
  'inbound_messages',
  'victim_sections',
  'events',
  'outbox',
  'deliveries',
  'deadlines',
  'data_quality_flags',
  'identity_reviews',
  'watchlist_entries',
  'subject_identifiers',
  'subject_name_keys',
  'subject_commands',
  'order_refs',
  'idempotency_keys',
];

interface Message {
  name: string;
  source: string;
  agency: string;
  body: () => unknown;
  contentType?: string;
}

describe('inbound dry runs (?dryRun=true): validated and rehearsed, nothing kept', () => {
  let hub: TestHub;
  let hmpo: HmpoSimulator;
  const police = new WebhookReceiver();
  let watchlistRef = 'WL-000123';

  const post = async (
    m: Pick<Message, 'source' | 'agency' | 'contentType'>,
    body: unknown,
    options: { dryRun?: boolean; key?: string; scope?: string; query?: string } = {},
  ) => {
    const query = options.query ?? (options.dryRun ? '?dryRun=true' : '');
    return request(hub.url)
      .post(`/v1/inbound/${m.source}${query}`)
      .set('authorization', `Bearer ${await hub.token(m.agency, { scope: options.scope ?? 'inbound:write' })}`)
      .set('idempotency-key', options.key ?? randomUUID())
      .set('content-type', m.contentType ?? 'application/json')
      .send(typeof body === 'string' ? body : JSON.stringify(body));
  };
  const court = { source: 'court-outcomes', agency: 'court.leeds-crown' };

  /** Row counts of every table a message can write, and of the audit rows taking one in writes. */
  async function footprint(): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    for (const t of KEPT_TABLES)
      counts[t] = (await hub.db.query(`SELECT count(*)::int AS n FROM ${t}`)).rows[0].n as number;
    // What taking a message in logs (deliveries and HMPO lodgements log their disclosures later, on their own).
    counts.audit_log = (
      await hub.db.query(
        `SELECT count(*)::int AS n FROM audit_log WHERE action IN ('COLLECTION', 'ALTERATION', 'COMBINATION')`,
      )
    ).rows[0].n as number;
    return counts;
  }
  const quarantined = async () =>
    (await hub.db.query(`SELECT count(*)::int AS n FROM inbound_messages WHERE status = 'rejected'`)).rows[0]
      .n as number;

  // Every shipped example of every source, in an order in which each builds on the ones before.
  const MESSAGES: Message[] = [
    { name: 'court SHPO', ...court, body: () => courtExample('hearing-resulted-shpo') },
    { name: 'court youth', ...court, body: () => courtExample('hearing-resulted-juvenile-community') },
    ...(['reception', 'transferred', 'release-date-set', 'released'] as const).map((n) => ({
      name: `prison ${n}`,
      source: 'prison',
      agency: 'prison.leeds',
      body: () => prisonExample(n),
    })),
    ...(['risk-assessment-completed', 'mappa-changed', 'risk-management-plan-recorded'] as const).map((n) => ({
      name: `probation ${n}`,
      source: 'probation',
      agency: 'probation.yorkshire',
      body: () => probationExample(n),
    })),
    ...(['caution-recorded', 'notification-foreign-travel', 'risk-management-plan-recorded'] as const).map((n) => ({
      name: `pnc ${n}`,
      source: 'pnc',
      agency: 'police.west-yorkshire',
      body: () => pncExample(n),
    })),
    ...(['meeting-held', 'action-updated'] as const).map((n) => ({
      name: `mappa ${n}`,
      source: 'mappa',
      agency: UNIT,
      body: () => mappaExample(n),
    })),
    {
      name: 'passport watchlist hit',
      source: 'passport-watchlist',
      agency: 'hmpo',
      contentType: 'application/xml',
      body: () => HIT_XML.replace('WL-000123', watchlistRef),
    },
    { name: 'court order discharged', ...court, body: () => courtExample('order-discharged') },
  ];

  beforeAll(async () => {
    hmpo = await startHmpoSimulator();
    hub = await startTestHub({
      agencies: AGENCIES,
      agreements: [...DEFAULT_AGREEMENTS, HMPO_AGREEMENT],
      // The clocks run once, at start: a clock raising an event mid-step would blur what a dry run left behind.
      env: { HMPO_URL: hmpo.url, HUB_CLOCK_INTERVAL_MS: '3600000' },
    });
    await waitForStartupClockTicks(hub);
    await police.start();
    expect((await subscribe(hub, 'police.west-yorkshire', police.url, COURT_EVENTS)).status).toBe(201);
  });

  afterAll(async () => {
    await hub?.close();
    await hmpo?.close();
    await police.close();
  });

  it('answers 200 valid:true for every source on an empty hub, and nothing is kept, sent, lodged or logged', async () => {
    const before = await footprint();
    const answers: Record<string, { status: number; body: any }> = {};
    for (const m of MESSAGES) {
      const res = await post(m, m.body(), { dryRun: true });
      answers[m.name] = { status: res.status, body: res.body };
    }
    // Everything that needs no earlier message is valid; MAPPA and HMPO name people the hub must already hold.
    for (const m of MESSAGES.filter((x) => !['mappa', 'passport-watchlist'].includes(x.source))) {
      expect([m.name, answers[m.name].status]).toEqual([m.name, 200]);
      expect(answers[m.name].body).toMatchObject({ valid: true, dryRun: true, source: m.source });
    }
    const shpo = answers['court SHPO'].body;
    expect(shpo.subjects).toEqual([
      expect.objectContaining({ subjectId: null, identity: { decision: 'new', basis: 'NEW_SUBJECT' } }),
    ]);
    expect(shpo.events).toEqual(expect.arrayContaining(['subject.created', 'conviction.recorded', 'order.made']));
    expect(shpo.subjects[0].deadlines.length).toBeGreaterThan(0);
    expect(shpo.subjects[0].deadlines.every((d: any) => d.change === 'new')).toBe(true);
    // The SHPO prohibits travel: a real post would lodge it with HMPO.
    expect(shpo.subjects[0].watchlist).toEqual([{ orderRef: 'LCC-SHPO-2026-0412', action: 'lodge' }]);
    // Neither refusal is quarantined.
    expect(answers['mappa meeting-held']).toMatchObject({ status: 422, body: { errors: [{ path: 'person' }] } });
    expect(answers['passport watchlist hit']).toMatchObject({
      status: 422,
      body: { errors: [{ path: 'WatchlistRef' }] },
    });

    // Long enough for the relay (50 ms), the router and a webhook (and for HMPO's sender) to have acted.
    await new Promise((r) => setTimeout(r, 2500));
    expect(await footprint()).toEqual(before);
    expect(police.requests).toBe(0);
    expect(hmpo.requests).toEqual([]);
    const { rows: disclosures } = await hub.db.query(
      `SELECT count(*)::int AS n FROM audit_log WHERE action IN ('DISCLOSURE', 'COLLECTION', 'ALTERATION')`,
    );
    expect(disclosures[0].n).toBe(0);
    const metrics = (await request(hub.url).get('/metrics')).text;
    expect(metrics).toMatch(/^hub_inbound_messages_total\{source="court-outcomes",outcome="dry_run"\} 3$/m);
    expect(metrics).not.toMatch(/^hub_inbound_messages_total\{source="court-outcomes",outcome="accepted"\}/m);
  });

  it('predicts what the same message then does for real, source by source, with the same Idempotency-Key', async () => {
    for (const m of MESSAGES) {
      const key = randomUUID();
      const body = m.body();
      await waitForAllDeliveries(hub.db); // the previous real post's deliveries, settled
      const before = await footprint();
      const dry = await post(m, body, { dryRun: true, key });
      expect(await footprint()).toEqual(before);
      const real = await post(m, body, { key });
      // In this order every example is valid, so each is taken in for real after its dry run.
      expect([m.name, dry.status, real.status]).toEqual([m.name, 200, 202]);
      expect(dry.body.idempotencyKey).toBe('unused');
      expect(real.headers['idempotency-replayed']).toBeUndefined();
      // The same subjects, each with the same events in the same order; a new one is the one the real post created.
      expect(dry.body.subjects.length).toBe(real.body.subjectIds.length);
      for (const [i, predicted] of (dry.body.subjects as any[]).entries()) {
        if (predicted.subjectId) expect(real.body.subjectIds[i]).toBe(predicted.subjectId);
        else expect(predicted.identity.decision).not.toBe('linked');
        const { rows } = await hub.db.query(
          `SELECT type FROM events WHERE id = ANY($1::uuid[]) AND subject_id = $2 ORDER BY sequence`,
          [real.body.events, real.body.subjectIds[i]],
        );
        expect([m.name, predicted.events]).toEqual([m.name, rows.map((r) => r.type)]);
      }
      expect(dry.body.events).toEqual((dry.body.subjects as any[]).flatMap((x) => x.events));
      // Each deadline the dry run foresaw is there after the real post, as foreseen.
      for (const [i, s] of (dry.body.subjects as any[]).entries())
        for (const d of s.deadlines) {
          const { rows: held } = await hub.db.query(
            `SELECT due_on::text AS due_on, status FROM deadlines WHERE subject_id = $1 AND kind = $2 AND ref = $3`,
            [real.body.subjectIds[i], d.kind, d.ref],
          );
          expect([m.name, d.kind, held]).toEqual([m.name, d.kind, [{ due_on: d.dueOn, status: d.status }]]);
        }
      if (m.name === 'court order discharged')
        expect(dry.body.subjects[0].watchlist).toEqual([{ orderRef: 'LCC-SHPO-2026-0412', action: 'withdraw' }]);
      if (m.name === 'court SHPO') {
        // Lodged for real now; the hit of a later step names the entry HMPO gave back.
        await waitForCount(hub.db, `SELECT count(*)::int AS n FROM watchlist_entries WHERE state = 'lodged'`);
        [watchlistRef] = [...hmpo.entries.keys()];
        // What the dry run of the same message on the empty hub did not do: reach the subscribed police.
        await police.waitFor((r) => r.some((x) => x.event.type === 'order.made'));
      }
    }
  });

  it('reports the subject an existing person is linked to, and logs that consultation', async () => {
    const { rows } = await hub.db.query(
      `SELECT subject_id FROM subject_identifiers WHERE scheme = 'PNC' AND value = '2004/0123456B'`,
    );
    expect(rows).toHaveLength(1);
    const body = courtExample('hearing-resulted-shpo');
    body.messageId = `MSG-${randomUUID()}`;
    const res = await post(court, body, { dryRun: true });
    expect(res.status).toBe(200);
    expect(res.body.subjects).toEqual([
      expect.objectContaining({ subjectId: rows[0].subject_id, identity: { decision: 'linked', basis: 'IDENTIFIER' } }),
    ]);
    const consulted = async () =>
      (
        await hub.db.query(
          `SELECT count(*)::int AS n FROM audit_log
            WHERE action = 'CONSULTATION' AND operation = 'inbound.dry-run' AND agency_id = $1 AND subject_id = $2`,
          ['court.leeds-crown', rows[0].subject_id],
        )
      ).rows[0].n as number;
    const before = await consulted();
    expect((await post(court, body, { dryRun: true })).status).toBe(200);
    expect(await consulted()).toBe(before + 1);
  });

  it('reports a person who would be held for review: a new subject, nothing of the review kept', async () => {
    // Peter Jones (the caution example) is held with another PNC id: same name and date of birth, a conflict.
    const body = pncExample('caution-recorded');
    body.updateId = `PNC-UPD-${randomUUID().slice(0, 8)}`;
    body.nominal.pncId = '2011/2222222A';
    const before = await footprint();
    const res = await post({ source: 'pnc', agency: 'police.west-yorkshire' }, body, { dryRun: true });
    expect(res.status).toBe(200);
    expect(res.body.subjects).toEqual([
      expect.objectContaining({ subjectId: null, identity: { decision: 'review', basis: 'NEW_SUBJECT' } }),
    ]);
    expect(await footprint()).toEqual(before);
  });

  it('leaves the Idempotency-Key for the real post, says when a key would replay, and refuses one used with another body', async () => {
    const key = randomUUID();
    const body = courtExample('hearing-resulted-juvenile-community');
    body.messageId = `MSG-${randomUUID()}`;
    body.defendant.courtDefendantId = `DEF-${randomUUID().slice(0, 8)}`;
    const dry = await post(court, body, { dryRun: true, key });
    expect(dry.status).toBe(200);
    expect(dry.body.idempotencyKey).toBe('unused');
    const { rows: keys } = await hub.db.query(`SELECT count(*)::int AS n FROM idempotency_keys WHERE key = $1`, [key]);
    expect(keys[0].n).toBe(0);
    const real = await post(court, body, { key });
    expect(real.status).toBe(202);
    expect(real.headers['idempotency-replayed']).toBeUndefined();
    const again = await post(court, body, { dryRun: true, key });
    expect(again.status).toBe(200);
    expect(again.body.idempotencyKey).toBe('replays');
    const before = await quarantined();
    const other = await post(court, { ...body, messageId: `MSG-${randomUUID()}` }, { dryRun: true, key });
    expect(other.status).toBe(422);
    expect(other.body.type).toMatch(/\/idempotency-key-reused$/);
    expect(await quarantined()).toBe(before);
    const replay = await post(court, body, { key });
    expect(replay.status).toBe(202);
    expect(replay.headers['idempotency-replayed']).toBe('true');
    expect(replay.body).toEqual(real.body);
  });

  it('answers an invalid body with the same 422 problem as a real post, naming the bad fields, and quarantines nothing', async () => {
    const body = courtExample('hearing-resulted-shpo');
    body.messageId = `MSG-${randomUUID()}`;
    body.defendant.dateOfBirth = '28/02/1986';
    delete body.offences[0].finding;
    const before = await footprint();
    const kept = await quarantined();
    const dry = await post(court, body, { dryRun: true });
    expect(dry.status).toBe(422);
    expect(dry.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(fieldsNamed(dry.body).sort()).toEqual(['defendant.dateOfBirth', 'offences[0].finding'].sort());
    expect(await footprint()).toEqual(before);
    // Unreadable, or from an agency that may not push this source: refused as usual, still not kept.
    const unreadable = await post(court, '{"messageId": ', { dryRun: true });
    expect(unreadable.status).toBe(400);
    const forbidden = await post({ ...court, agency: 'police.west-yorkshire' }, body, { dryRun: true });
    expect(forbidden.status).toBe(403);
    expect(await footprint()).toEqual(before);
    // The real post answers the same problem, and keeps the message in quarantine.
    const real = await post(court, body);
    expect(real.status).toBe(422);
    expect(real.body).toEqual(dry.body);
    expect(await quarantined()).toBe(kept + 1);
  });

  it('needs inbound:write like a real post, and takes only true or false', async () => {
    const before = await footprint();
    const noScope = await post(court, courtExample('hearing-resulted-shpo'), { dryRun: true, scope: 'subjects:read' });
    expect(noScope.status).toBe(403);
    const typo = await post(court, courtExample('hearing-resulted-shpo'), { query: '?dryRun=yes' });
    expect(typo.status).toBe(400);
    expect(typo.body.errors).toEqual([{ path: 'dryRun', message: 'must be true or false' }]);
    expect(await footprint()).toEqual(before);
  });
});
