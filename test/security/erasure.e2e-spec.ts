import { readFileSync, rmSync } from 'node:fs';
import { Redis } from 'ioredis';
import request from 'supertest';
import { startHmpoSimulator, type HmpoSimulator } from '../../adapters/simulators/hmpo/hmpo-simulator';
import { waitForAllDeliveries, waitForCount } from '../kit/db-wait';
import { courtExample, pncExample, probationExample } from '../kit/examples';
import { postCourtOutcome, postInbound, subscribe } from '../kit/http';
import { referenceDirWith, SHORT_RETENTION } from '../kit/reference-data';
import {
  DEFAULT_AGENCIES,
  DEFAULT_AGREEMENTS,
  HMPO_AGENCY,
  HMPO_AGREEMENT,
  startTestHub,
  type TestHub,
} from '../kit/test-hub';
import { WebhookReceiver } from '../kit/webhook-receiver';

/**
 * Tables that cannot hold personal data, each with the reason. Every other table of the schema
 * is searched (listed from the database, so a table added later is searched without asking).
 */
const NOT_SEARCHED: Record<string, string> = {
  migrations: 'the names of the migrations that ran, nothing else',
};

/**
 * The person, as every source knows him (see the fixtures): names, birth date in each format the
 * sources use, identifiers (also as sources write them), addresses, and his twin record's own
 * identifiers (merged into him, so erased with him).
 */
const PERSON_TERMS = [
  'John',
  'Michael',
  'Smith',
  'Smyth',
  '1986-02-28',
  '28/02/1986',
  '19860228',
  '28-02-1986',
  '2004/0123456B',
  '04/123456B',
  '0123456B',
  '123456/04L',
  'X123456',
  'A1234BC',
  'D-88231',
  'X999999',
  '2019/0456789Y',
  '14 Example Terrace',
  'LS6 2AB',
  '2 Other Street',
  'BD1 1AA',
];

/** ILIKE patterns for each term: as text, and as Postgres shows it inside a bytea (hex). */
function patterns(terms: string[]): string[] {
  return terms.flatMap((t) => [`%${t}%`, `%${Buffer.from(t).toString('hex')}%`]);
}

const REASON = 'Retention ended; erasure approved by the DPO (ticket DPO-119)';

describe('security: erasure leaves nothing about the person in any table', () => {
  let hmpo: HmpoSimulator;
  let hub: TestHub;
  let referenceDir: string;
  const police = new WebhookReceiver();
  let subjectId: string;
  let twinId: string;

  const admin = async () => `Bearer ${await hub.token('hub.operators')}`;

  beforeAll(async () => {
    hmpo = await startHmpoSimulator();
    referenceDir = referenceDirWith(SHORT_RETENTION);
    hub = await startTestHub({
      agencies: [...DEFAULT_AGENCIES, HMPO_AGENCY],
      agreements: [...DEFAULT_AGREEMENTS, HMPO_AGREEMENT],
      env: { HMPO_URL: hmpo.url, HUB_REFERENCE_DIR: referenceDir, HUB_CLOCK_INTERVAL_MS: '300' },
    });
    await police.start();
    expect(
      (
        await subscribe(hub, 'police.west-yorkshire', police.url, [
          'subject.created',
          'subject.details.changed',
          'conviction.recorded',
          'registration.started',
          'order.made',
        ])
      ).status,
    ).toBe(201);

    // Court: the conviction and the SHPO (with a travel prohibition, so a watchlist entry).
    const court = await postCourtOutcome(hub, 'court.leeds-crown', courtExample('hearing-resulted-shpo'));
    expect(court.status).toBe(202);
    subjectId = court.body.subjectIds[0];
    // Probation: his CRN and NOMS number.
    const probation = await postInbound(hub, 'probation', 'probation.yorkshire', probationExample('mappa-changed'));
    expect(probation.body.subjectIds).toEqual([subjectId]);
    // PNC: a caution and a foreign travel notification, his PNC id written the PNC's way.
    const nominal = {
      pncId: '04/123456b',
      names: [{ forenames: 'John Michael', surname: 'SMITH', type: 'PRIMARY' }],
      dateOfBirth: '1986-02-28',
      sex: 'M',
    };
    const caution: Record<string, any> = { ...pncExample('caution-recorded'), nominal };
    caution.caution = { ...caution.caution, notifiable: false };
    expect((await postInbound(hub, 'pnc', 'police.west-yorkshire', caution)).body.subjectIds).toEqual([subjectId]);
    const travel = { ...pncExample('notification-foreign-travel'), nominal };
    expect((await postInbound(hub, 'pnc', 'police.west-yorkshire', travel)).body.subjectIds).toEqual([subjectId]);

    // HMPO: the entry lodged (the hub holds HMPO's reference), then a hit naming him.
    await waitForCount(
      hub.db,
      `SELECT count(*)::int AS n FROM watchlist_entries WHERE subject_id = $1 AND watchlist_ref IS NOT NULL`,
      [subjectId],
      (n) => n > 0,
      15_000,
    );
    const {
      rows: [entry],
    } = await hub.db.query(`SELECT watchlist_ref FROM watchlist_entries WHERE subject_id = $1`, [subjectId]);
    const hitXml = readFileSync('adapters/inbound/passport-watchlist/fixtures/watchlist-hit.xml', 'utf8').replace(
      'WL-000123',
      entry.watchlist_ref,
    );
    const hit = await postInbound(hub, 'passport-watchlist', 'hmpo', hitXml, { contentType: 'application/xml' });
    expect(hit.body.subjectIds).toEqual([subjectId]);

    // A check by name and birth date, with a justification naming him.
    const check = await request(hub.url)
      .post('/v1/checks')
      .set('authorization', `Bearer ${await hub.token('police.west-yorkshire', { scope: 'checks:run' })}`)
      .send({
        subject: { forenames: 'John Michael', surname: 'Smith', dateOfBirth: '1986-02-28' },
        purpose: 'MAPPA_RISK_MANAGEMENT',
        justification: 'Stop check on John Smith (PNC 2004/0123456B) near Leeds',
      });
    expect(check.status).toBe(200);
    // A read whose justification names him.
    const read = await request(hub.url)
      .get(`/v1/subjects/${subjectId}`)
      .set('authorization', `Bearer ${await hub.token('police.west-yorkshire')}`)
      .set('x-justification', 'MAPPA meeting about John Michael Smith');
    expect(read.status).toBe(200);

    // A second record of him (another PNC id makes it a new subject and a review), merged into the first.
    const twin = probationExample('mappa-changed');
    twin.eventId = 'ND-TWIN';
    twin.person = { ...twin.person, crn: 'X999999', nomsNumber: undefined, pncId: '2019/0456789Y' };
    const twinRes = await postInbound(hub, 'probation', 'probation.yorkshire', twin);
    twinId = twinRes.body.subjectIds[0];
    expect(twinId).not.toBe(subjectId);
    const merge = await request(hub.url)
      .post(`/v1/admin/subjects/${subjectId}/merge`)
      .set('authorization', await admin())
      .send({ mergeSubjectId: twinId, reason: 'Same person: John Michael Smith, born 28/02/1986' });
    expect(merge.status).toBe(201);

    // Messages about him refused and quarantined: a court result with a bad field, a PNC update that is not JSON.
    const bad = courtExample('hearing-resulted-shpo');
    bad.messageId = 'LCC-BAD-1';
    bad.offences[0].convictionDate = 'yesterday';
    expect((await postCourtOutcome(hub, 'court.leeds-crown', bad)).status).toBe(422);
    expect(
      (
        await postInbound(
          hub,
          'pnc',
          'police.west-yorkshire',
          `{"nominal": {"pncId": "04/123456b", "names": [{"surname": "SMITH"`,
        )
      ).status,
    ).toBe(400);

    await waitForAllDeliveries(hub.db);
    // Time passes: every record of his ends in 2001, so his retention (P1Y, see SHORT_RETENTION) is over.
    const {
      rows: [{ record }],
    } = await hub.db.query(`SELECT record FROM subjects WHERE id = $1`, [subjectId]);
    for (const r of record.registrations ?? []) r.endDate = '2001-01-01';
    for (const o of record.orders ?? []) Object.assign(o, { status: 'DISCHARGED', dischargedOn: '2001-01-01' });
    for (const c of record.convictions ?? []) c.convictionDate = '2001-01-01';
    await hub.db.query(`UPDATE subjects SET record = $2 WHERE id = $1`, [subjectId, record]);
  }, 120_000);

  afterAll(async () => {
    await hub?.close();
    await hmpo?.close();
    await police.close();
    rmSync(referenceDir, { recursive: true, force: true });
  });

  it('before the erasure, the search finds him (so it can find him)', async () => {
    const found = await tablesMentioning(hub, PERSON_TERMS);
    expect(Object.keys(found)).toEqual(
      expect.arrayContaining([
        'subjects',
        'inbound_messages',
        'checks',
        'watchlist_entries',
        'subject_merges',
        'identity_reviews',
        'audit_log',
      ]),
    );
    const { rows } = await hub.db.query(
      `SELECT count(*)::int AS n FROM inbound_messages WHERE status = 'rejected' AND body ILIKE '%smith%'`,
    );
    expect(rows[0].n).toBe(2);
  });

  it('after the erasure no table holds his names, birth date or identifiers', async () => {
    const res = await request(hub.url)
      .post(`/v1/admin/subjects/${subjectId}/erasure`)
      .set('authorization', await admin())
      .send({ reason: REASON });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      mergedSubjectIds: [twinId],
      erased: { quarantinedMessages: 2, checks: 1, merges: 2, watchlistPayloads: 1 },
    });
    expect(await tablesMentioning(hub, PERSON_TERMS)).toEqual({});
    const verify = await request(hub.url)
      .get('/v1/audit/verify')
      .set('authorization', await admin());
    expect(verify.body).toMatchObject({ ok: true });
  });

  it('the record merged into him was erased with him', async () => {
    const { rows } = await hub.db.query(
      `SELECT id, erased_at IS NOT NULL AS erased FROM subjects WHERE id = ANY($1::uuid[]) ORDER BY id`,
      [[subjectId, twinId]],
    );
    expect(rows.map((r) => r.erased)).toEqual([true, true]);
  });

  it('Redis (job data, results and errors) holds nothing about him either', async () => {
    const redis = new Redis(hub.env.redisUrl);
    try {
      const hits: string[] = [];
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${hub.env.redisPrefix}:*`, 'COUNT', 500);
        cursor = next;
        for (const key of keys) {
          const type = await redis.type(key);
          const text =
            type === 'hash'
              ? JSON.stringify(await redis.hgetall(key))
              : type === 'string'
                ? await redis.get(key)
                : type === 'list'
                  ? JSON.stringify(await redis.lrange(key, 0, -1))
                  : '';
          if (PERSON_TERMS.some((t) => text?.toLowerCase().includes(t.toLowerCase()))) hits.push(key);
        }
      } while (cursor !== '0');
      expect(hits).toEqual([]);
    } finally {
      redis.disconnect();
    }
  });
});

/** Every table of the schema (bar NOT_SEARCHED) with the terms each of its rows mentions, as text. */
async function tablesMentioning(hub: TestHub, terms: string[]): Promise<Record<string, string[]>> {
  const { rows: tables } = await hub.db.query(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
  );
  expect(tables.length).toBeGreaterThan(20);
  const found: Record<string, string[]> = {};
  for (const { table_name: table } of tables) {
    if (table in NOT_SEARCHED) continue;
    const { rows } = await hub.db.query(
      `SELECT row_to_json(t)::text AS row FROM "${table}" t WHERE row_to_json(t)::text ILIKE ANY($1::text[])`,
      [patterns(terms)],
    );
    if (!rows.length) continue;
    found[table] = terms.filter((term) =>
      rows.some(
        (r) => r.row.toLowerCase().includes(term.toLowerCase()) || r.row.includes(Buffer.from(term).toString('hex')),
      ),
    );
  }
  return found;
}
