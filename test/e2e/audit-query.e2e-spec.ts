import request from 'supertest';
import { waitForCount, waitForDeliveries } from '../kit/db-wait';
import { courtExample } from '../kit/examples';
import { postCourtOutcome, readSubject, subscribe } from '../kit/http';
import { DEFAULT_AGENCIES, startTestHub, type TestHub } from '../kit/test-hub';
import { WebhookReceiver } from '../kit/webhook-receiver';

// West Yorkshire Police may also read the log, but only the rows about its own acts and receipts.
const AGENCIES = DEFAULT_AGENCIES.map((a) =>
  a.id === 'police.west-yorkshire'
    ? {
        ...a,
        scopes: ['inbound:write', 'subjects:read', 'checks:run', 'subscriptions:write', 'feed:read', 'audit:read'],
      }
    : a,
);

describe('GET /v1/audit: the statutory log, filtered and paged', () => {
  let hub: TestHub;
  const police = new WebhookReceiver();
  let smith: string;
  let juvenile: string;

  const get = async (query: string, agency = 'hub.operators', scope?: string) =>
    request(hub.url)
      .get(`/v1/audit${query}`)
      .set('authorization', `Bearer ${await hub.token(agency, scope ? { scope } : {})}`);

  beforeAll(async () => {
    hub = await startTestHub({ agencies: AGENCIES });
    await police.start();
    expect(
      (await subscribe(hub, 'police.west-yorkshire', police.url, ['subject.created', 'conviction.recorded'])).status,
    ).toBe(201);
    const shpo = await postCourtOutcome(hub, 'court.leeds-crown', courtExample('hearing-resulted-shpo'));
    const youth = await postCourtOutcome(hub, 'court.leeds-youth', courtExample('hearing-resulted-juvenile-community'));
    [smith, juvenile] = [shpo.body.subjectIds[0], youth.body.subjectIds[0]];
    expect((await readSubject(hub, 'police.west-yorkshire', smith)).status).toBe(200);
    expect((await readSubject(hub, 'probation.yorkshire', smith)).status).toBe(200);
    expect((await readSubject(hub, 'probation.yorkshire', juvenile)).status).toBe(200);
    // Every delivery made and recorded, so no disclosure row is still to be written during the tests.
    await waitForDeliveries(hub.db, [...shpo.body.events, ...youth.body.events]);
    await waitForCount(
      hub.db,
      `SELECT count(*) AS n FROM audit_log WHERE operation = 'delivery.succeeded'`,
      [],
      (n) => n >= 4,
    );
  });

  afterAll(async () => {
    await hub?.close();
    await police.close();
  });

  it('by subject: every act about that person, newest first, with the fields s.62 asks for', async () => {
    const res = await get(`?subjectId=${smith}`);
    expect(res.status).toBe(200);
    const items = res.body.items;
    expect(items.every((i: any) => i.subjectId === smith)).toBe(true);
    expect(new Set(items.map((i: any) => i.action))).toEqual(
      new Set(['COLLECTION', 'ALTERATION', 'CONSULTATION', 'DISCLOSURE']),
    );
    expect(items.map((i: any) => Number(i.id))).toEqual([...items.map((i: any) => Number(i.id))].sort((a, b) => b - a));
    const read = items.find((i: any) => i.operation === 'subject.read' && i.agency === 'police.west-yorkshire');
    expect(read).toMatchObject({
      action: 'CONSULTATION',
      actorSub: 'police.west-yorkshire:test-user',
      justification: 'MAPPA level 2 meeting preparation',
      agreementIds: ['DSA-TEST-POLICE'],
      recipients: [],
      erasedAt: null,
      chain: expect.any(Number),
      seq: expect.any(Number),
      hash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(read.at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/);
    expect(res.body.nextCursor).toBeNull();
  });

  it('by agency: what it did and what it was given', async () => {
    const items = (await get('?agency=police.west-yorkshire&limit=500')).body.items;
    expect(items.some((i: any) => i.agency === 'police.west-yorkshire' && i.operation === 'subject.read')).toBe(true);
    expect(
      items.some((i: any) => i.recipients.includes('police.west-yorkshire') && i.operation === 'delivery.succeeded'),
    ).toBe(true);
    expect(
      items.every((i: any) => i.agency === 'police.west-yorkshire' || i.recipients.includes('police.west-yorkshire')),
    ).toBe(true);
  });

  it('by action and by time (from inclusive, to exclusive)', async () => {
    const disclosures = (await get('?action=DISCLOSURE&limit=500')).body.items;
    expect(disclosures.length).toBeGreaterThanOrEqual(4);
    expect(disclosures.every((i: any) => i.action === 'DISCLOSURE')).toBe(true);

    const all = (await get('?limit=500')).body.items;
    const pivot = all[Math.floor(all.length / 2)];
    const from = (await get(`?from=${pivot.at}&limit=500`)).body.items;
    const to = (await get(`?to=${pivot.at}&limit=500`)).body.items;
    expect(from.some((i: any) => i.id === pivot.id)).toBe(true);
    expect(to.some((i: any) => i.id === pivot.id)).toBe(false);
    expect(from.every((i: any) => i.at >= pivot.at) && to.every((i: any) => i.at < pivot.at)).toBe(true);
  });

  it('pages by cursor: every row once, in order, until nextCursor is null', async () => {
    const everything = (await get('?limit=500&to=2100-01-01T00:00:00Z')).body.items.map((i: any) => i.id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await get(`?limit=7&to=2100-01-01T00:00:00Z${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(7);
      seen.push(...res.body.items.map((i: any) => i.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    // Rows written meanwhile (each read logs itself) are newer than everything; set them aside.
    expect(seen.filter((id) => Number(id) <= Number(everything[0]))).toEqual(everything);
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('refuses bad filters with a 400 problem naming each bad parameter', async () => {
    const res = await get('?subjectId=smith&action=READ&from=yesterday&limit=0&cursor=zzz&colour=red');
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.errors.map((e: any) => e.path).sort()).toEqual([
      'action',
      'colour',
      'cursor',
      'from',
      'limit',
      'subjectId',
    ]);
    const order = await get('?from=2026-11-02T00:00:00Z&to=2026-11-01T00:00:00Z');
    expect(order.status).toBe(400);
    expect(order.body.errors).toEqual([{ path: 'to', message: 'must be later than from' }]);
    const twice = await get('?action=COLLECTION&action=ERASURE');
    expect(twice.body.errors).toEqual([{ path: 'action', message: 'must be given once' }]);
  });

  it('needs audit:read; an agency other than the operators sees only its own acts and receipts', async () => {
    expect((await get('', 'probation.yorkshire')).status).toBe(403);
    expect((await request(hub.url).get('/v1/audit')).status).toBe(401);
    const res = await get('?limit=500', 'police.west-yorkshire', 'audit:read');
    expect(res.status).toBe(200);
    expect(res.body.items.length).toBeGreaterThan(0);
    expect(
      res.body.items.every(
        (i: any) => i.agency === 'police.west-yorkshire' || i.recipients.includes('police.west-yorkshire'),
      ),
    ).toBe(true);
    const probationRows = await get(`?agency=probation.yorkshire`, 'police.west-yorkshire', 'audit:read');
    expect(probationRows.body.items).toEqual([]);
  });

  it('reading the log is itself logged, with the filters used', async () => {
    await get(`?subjectId=${juvenile}&action=CONSULTATION`);
    const { rows } = await hub.db.query(
      `SELECT * FROM audit_log WHERE operation = 'audit.read' ORDER BY id DESC LIMIT 1`,
    );
    expect(rows[0]).toMatchObject({ action: 'CONSULTATION', agency_id: 'hub.operators', subject_id: juvenile });
    expect(rows[0].details).toEqual({ filters: { action: 'CONSULTATION' }, count: 1 });
  });
});
