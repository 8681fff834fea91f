import { readFileSync } from 'node:fs';
import request from 'supertest';
import { startHmpoSimulator, type HmpoSimulator } from '../../adapters/simulators/hmpo/hmpo-simulator';
import { courtExample } from '../kit/examples';
import { postCourtOutcome, postInbound, subscribe } from '../kit/http';
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

const [POLICE, PROBATION] = DEFAULT_AGREEMENTS;
const WATCH_EVENTS = ['watchlist.entry.lodged', 'watchlist.entry.withdrawn', 'watchlist.hit'];
const AGENCIES = [...DEFAULT_AGENCIES, HMPO_AGENCY];
const POLICE_WITH_WATCHLIST = {
  ...POLICE,
  eventTypes: [...(POLICE.eventTypes as string[]), ...WATCH_EVENTS],
  fields: [...(POLICE.fields as string[]), 'watchlist'],
};
const HIT_XML = readFileSync('adapters/inbound/passport-watchlist/fixtures/watchlist-hit.xml', 'utf8');

async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 15000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('the HMPO passport watchlist, kept in step with travel-restricting orders', () => {
  let hmpo: HmpoSimulator;
  let hub: TestHub;
  const police = new WebhookReceiver();
  let subjectId: string;
  let watchlistRef: string;
  const postHit = (xml: string) =>
    postInbound(hub, 'passport-watchlist', 'hmpo', xml, { contentType: 'application/xml' });
  const outstanding = async () =>
    (
      await request(hub.url)
        .get('/v1/admin/watchlist')
        .set('authorization', `Bearer ${await hub.token('hub.operators')}`)
    ).body;

  beforeAll(async () => {
    hmpo = await startHmpoSimulator();
    hub = await startTestHub({
      agencies: AGENCIES,
      agreements: [POLICE_WITH_WATCHLIST, PROBATION, HMPO_AGREEMENT],
      env: { HMPO_URL: hmpo.url, HUB_CLOCK_INTERVAL_MS: '300' },
    });
    await police.start();
    expect((await subscribe(hub, 'police.west-yorkshire', police.url, WATCH_EVENTS)).status).toBe(201);
  });

  afterAll(async () => {
    await hub?.close();
    await hmpo?.close();
    await police.close();
  });

  it('lodges an entry for an SHPO with passport surrender, retrying while HMPO is down, with one RequestId', async () => {
    hmpo.failNext = 3;
    subjectId = (await postCourtOutcome(hub, 'court.leeds-crown', courtExample('hearing-resulted-shpo'))).body
      .subjectIds[0];
    await until(() => hmpo.entries.size === 1);
    const posts = hmpo.requests.filter((r) => r.method === 'POST');
    expect(posts.length).toBeGreaterThanOrEqual(4);
    [watchlistRef] = [...hmpo.entries.keys()];
    const entry = hmpo.entries.get(watchlistRef)!;
    expect(entry).toMatchObject({
      Subject: { Surname: 'SMITH', Forenames: 'John Michael', DateOfBirth: '1986-02-28' },
      Reason: 'PASSPORT_SURRENDER', // both apply: surrender wins
      OrderRef: 'LCC-SHPO-2026-0412',
      NotifyAuthority: 'police.west-yorkshire',
    });
    expect(entry).not.toHaveProperty('ValidUntil'); // an indefinite order with no end to the prohibition
    await police.waitFor((r) => r.some((x) => x.event.type === 'watchlist.entry.lodged'));
    expect(police.received.find((x) => x.event.type === 'watchlist.entry.lodged')!.event.data.watchlist).toMatchObject({
      watchlistRef,
      orderRef: 'LCC-SHPO-2026-0412',
    });
    await until(async () => (await outstanding()).items.length === 0);
    const { rows } = await hub.db.query(
      `SELECT agreement_ids, recipients FROM audit_log WHERE operation = 'hmpo.watchlist.lodged'`,
    );
    expect(rows).toEqual([{ agreement_ids: ['DSA-TEST-HMPO'], recipients: ['hmpo'] }]);
  });

  it('links a hit to the subject and order, and notes how the applicant differs from the record', async () => {
    const res = await postHit(HIT_XML.replace('WL-000123', watchlistRef));
    expect(res.status).toBe(202);
    expect(res.body.subjectIds).toEqual([subjectId]);
    await police.waitFor((r) => r.some((x) => x.event.type === 'watchlist.hit'));
    const hit = police.received.find((x) => x.event.type === 'watchlist.hit')!.event.data.watchlist;
    expect(hit).toMatchObject({
      hitId: 'HIT-2026-000045',
      watchlistRef,
      orderRef: 'LCC-SHPO-2026-0412',
      application: { type: 'RENEWAL', office: 'Durham' },
    });
    expect(hit.differences).toEqual([
      { field: 'address', held: expect.stringContaining('LS6 2AB'), applied: '2 Other Street, Bradford, BD1 1AA' },
    ]);
  });

  describe('hostile and bad hits', () => {
    it.each([
      [
        'an external entity (XXE)',
        `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><WatchlistHit><HitId>&e;</HitId></WatchlistHit>`,
      ],
      [
        'a billion laughs',
        `<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><WatchlistHit><HitId>&b;</HitId></WatchlistHit>`,
      ],
      ['malformed XML', '<WatchlistHit><HitId>HIT-1</HitId>'],
    ])('refuses %s with 400 and quarantines it', async (_name, xml) => {
      const res = await postHit(xml);
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(JSON.stringify(res.body)).not.toContain('root:');
      const q = await request(hub.url)
        .get('/v1/admin/quarantine?agency=hmpo')
        .set('authorization', `Bearer ${await hub.token('hub.operators')}`);
      expect(q.body.items.length).toBeGreaterThan(0);
    });

    it('names bad elements by their XML names', async () => {
      const xml = HIT_XML.replace('WL-000123', watchlistRef)
        .replace('<DateOfBirth>1986-02-28</DateOfBirth>', '<DateOfBirth>1986-02-30</DateOfBirth><Shoe>9</Shoe>')
        .replace('<Type>RENEWAL</Type>', '<Type>STOLEN</Type>');
      const res = await postHit(xml);
      expect(res.status).toBe(422);
      expect(fieldsNamed(res.body).sort()).toEqual(['Applicant.DateOfBirth', 'Applicant.Shoe', 'Application.Type']);
    });

    it('refuses a hit for an entry the hub never lodged', async () => {
      const res = await postHit(HIT_XML.replace('HIT-2026-000045', 'HIT-X'));
      expect(res.status).toBe(422);
      expect(res.body.errors).toEqual([{ path: 'WatchlistRef', message: 'is not an entry the hub lodged with HMPO' }]);
    });

    it('refuses a court posting a hit (403)', async () => {
      const res = await postInbound(hub, 'passport-watchlist', 'court.leeds-crown', HIT_XML, {
        contentType: 'application/xml',
      });
      expect(res.status).toBe(403);
    });
  });

  it('a variation that gives the order an end: HMPO has no amendment, so the entry is withdrawn and lodged again with the new ValidUntil', async () => {
    const varied = courtExample('order-discharged');
    varied.messageType = 'ORDER_VARIED';
    // Varied before the example's discharge (2026-11-20), which a later test posts.
    varied.messageId = 'LMC-2026-11-10-000001';
    varied.sentAt = '2026-11-10T10:00:00Z';
    varied.case.hearingDate = '2026-11-10';
    const { dischargedOn: _d, ...order } = varied.orders[0];
    varied.orders = [
      {
        ...order,
        duration: { years: 3 },
        variedOn: '2026-11-10',
        prohibitions: courtExample('hearing-resulted-shpo').orders[0].prohibitions,
        passportSurrender: true,
      },
    ];
    expect((await postCourtOutcome(hub, 'court.leeds-magistrates', varied)).status).toBe(202);
    await until(() => hmpo.entries.size === 1 && !hmpo.entries.has(watchlistRef));
    expect(hmpo.requests.some((r) => r.method === 'DELETE' && r.path === `/watchlist/entries/${watchlistRef}`)).toBe(
      true,
    );
    const [[newRef, entry]] = [...hmpo.entries];
    expect(entry).toMatchObject({
      OrderRef: 'LCC-SHPO-2026-0412',
      Reason: 'PASSPORT_SURRENDER',
      ValidUntil: '2029-10-13',
    });
    await until(async () => (await outstanding()).items.length === 0);
    // A hit on the old reference no longer names a live entry; on the new one it does.
    expect(
      (await postHit(HIT_XML.replace('WL-000123', watchlistRef).replace(/<HitId>[^<]*</, '<HitId>HIT-OLD-REF<')))
        .status,
    ).toBe(422);
    watchlistRef = newRef;
    await police.waitFor((r) => r.filter((x) => x.event.type === 'watchlist.entry.lodged').length === 2);
  });

  it('withdraws the entry when the order is discharged', async () => {
    expect((await postCourtOutcome(hub, 'court.leeds-magistrates', courtExample('order-discharged'))).status).toBe(202);
    await until(() => hmpo.entries.size === 0);
    expect(hmpo.requests.some((r) => r.method === 'DELETE' && r.path === `/watchlist/entries/${watchlistRef}`)).toBe(
      true,
    );
    // This withdrawal's event: the variation's withdrawal of the first entry may arrive at any time.
    await police.waitFor((r) =>
      r.some(
        (x) => x.event.type === 'watchlist.entry.withdrawn' && x.event.data.watchlist.watchlistRef === watchlistRef,
      ),
    );
  });
});

describe('watchlist lodgements that cannot go yet are kept and shown, never lost', () => {
  it('without an HMPO agreement: held as NO_AGREEMENT, nothing sent', async () => {
    const hmpo = await startHmpoSimulator();
    const hub = await startTestHub({ agencies: AGENCIES, env: { HMPO_URL: hmpo.url, HUB_CLOCK_INTERVAL_MS: '300' } });
    try {
      await postCourtOutcome(hub, 'court.leeds-crown', courtExample('hearing-resulted-shpo'));
      const list = async () =>
        (
          await request(hub.url)
            .get('/v1/admin/watchlist')
            .set('authorization', `Bearer ${await hub.token('hub.operators')}`)
        ).body;
      await until(async () => (await list()).items[0]?.blockedReason?.startsWith('NO_AGREEMENT') ?? false);
      expect(hmpo.requests).toEqual([]);
      // The operator on call sees it on /health and /metrics too, without the hub being unwell.
      const health = await request(hub.url)
        .get('/health')
        .set('authorization', `Bearer ${await hub.token('hub.operators')}`);
      expect(health.status).toBe(200);
      expect(health.body.info.upstreams).toMatchObject({
        status: 'up',
        hmpo: { configured: true, outstanding: 1, blocked: 1, oldestOutstandingSeconds: expect.any(Number) },
      });
      const metrics = (await request(hub.url).get('/metrics')).text;
      expect(metrics).toMatch(/^hub_hmpo_watchlist_outstanding\{held="yes"\} 1$/m);
      expect(metrics).toMatch(/^hub_hmpo_watchlist_outstanding\{held="no"\} 0$/m);
    } finally {
      await hub.close();
      await hmpo.close();
    }
  });

  it('without HMPO_URL: recorded as it would be sent, outstanding', async () => {
    const hub = await startTestHub({
      agencies: AGENCIES,
      agreements: [POLICE, HMPO_AGREEMENT],
      env: { HUB_CLOCK_INTERVAL_MS: '300' },
    });
    try {
      await postCourtOutcome(hub, 'court.leeds-crown', courtExample('hearing-resulted-shpo'));
      const list = async () =>
        (
          await request(hub.url)
            .get('/v1/admin/watchlist')
            .set('authorization', `Bearer ${await hub.token('hub.operators')}`)
        ).body;
      await until(async () => (await list()).items[0]?.blockedReason?.startsWith('HMPO_URL') ?? false);
      const body = await list();
      expect(body.hmpoConfigured).toBe(false);
      expect(
        (
          await request(hub.url)
            .get('/health')
            .set('authorization', `Bearer ${await hub.token('hub.operators')}`)
        ).body.info.upstreams.hmpo,
      ).toMatchObject({ configured: false, outstanding: 1 });
      expect(body.items[0]).toMatchObject({ orderRef: 'LCC-SHPO-2026-0412', wanted: true, state: 'not-lodged' });
      const { rows } = await hub.db.query(`SELECT payload FROM watchlist_entries`);
      expect(JSON.parse(rows[0].payload)).toMatchObject({ surname: 'SMITH', reason: 'PASSPORT_SURRENDER' });
    } finally {
      await hub.close();
    }
  });
});
