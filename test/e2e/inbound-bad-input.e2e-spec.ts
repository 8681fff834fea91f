import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import request from 'supertest';
import { startHmpoSimulator, type HmpoSimulator } from '../../adapters/simulators/hmpo/hmpo-simulator';
import { courtExample, pncExample, probationExample } from '../kit/examples';
import { postCourtOutcome } from '../kit/http';
import {
  DEFAULT_AGENCIES,
  DEFAULT_AGREEMENTS,
  HMPO_AGENCY,
  HMPO_AGREEMENT,
  startTestHub,
  type TestHub,
} from '../kit/test-hub';

/**
 * Bad input on each of the four inbound paths, over real HTTP (api.md "Inbound messages",
 * "Errors", "Authentication"; passport-watchlist.md): each refusal is an RFC 9457 problem naming
 * what is wrong, and every refusal of a known agency's message is kept in the quarantine with
 * its reason and the exact bytes sent. The same checks run for every path, table-driven.
 */

type Json = Record<string, any>;
type Res = request.Response;
type Source = 'court-outcomes' | 'probation' | 'pnc' | 'passport-watchlist';

const PNC_CHECK = 'ZABCDEFGHJKLMNPQRTUVWXY';
const MiB = 1024 * 1024;
const HIT_XML = readFileSync('adapters/inbound/passport-watchlist/fixtures/watchlist-hit.xml', 'utf8');

let serial = 1_000_000 + Math.floor(Math.random() * 8_000_000);
/** A PNC id with a correct check character (court-outcomes.md). */
const freshPncId = (year = 2007) =>
  `${year}/${String(++serial).padStart(7, '0')}${PNC_CHECK[((year % 100) * 10_000_000 + serial) % 23]}`;
const letters = (n = 8) =>
  Array.from({ length: n }, () => String.fromCharCode(65 + Math.floor(Math.random() * 26))).join('');
const freshCrn = () => `${letters(1)}${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`;
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
/** The fields a problem names, each once (a field failing two rules has an entry per rule). */
const errorPaths = (body: Json): string[] => [
  ...new Set<string>((body.errors ?? []).map((e: { path: string }) => e.path)),
];
const json = (build: (m: Json) => void, base: () => Json) => () => {
  const m = base();
  build(m);
  return JSON.stringify(m);
};

/** A court SHPO hearing about a person nobody else in this hub shares. */
function freshHearing(): Json {
  const m = courtExample('hearing-resulted-shpo');
  m.messageId = `IBI-${randomUUID()}`;
  m.defendant.courtDefendantId = `D-${randomUUID()}`;
  m.defendant.name = { forenames: `Testy ${letters()}`, surname: `PERSON-${letters()}` };
  m.defendant.pncId = freshPncId();
  delete m.defendant.croNumber;
  delete m.defendant.aliases;
  m.orders[0].orderRef = `SHPO-${randomUUID()}`;
  return m;
}

/** A probation risk assessment about a fresh person (own CRN, no PNC id or NOMS number). */
function freshAssessment(): Json {
  const m = probationExample('risk-assessment-completed');
  m.eventId = `ND-${randomUUID()}`;
  m.person = {
    crn: freshCrn(),
    name: { forenames: `Testy ${letters()}`, surname: `PERSON-${letters()}` },
    dateOfBirth: '1980-05-06',
  };
  return m;
}

/** A PNC caution about a fresh nominal. */
function freshCaution(): Json {
  const m = pncExample('caution-recorded');
  m.updateId = `PNC-${randomUUID()}`;
  m.nominal = {
    ...m.nominal,
    pncId: freshPncId(2019),
    names: [{ forenames: `Testy ${letters()}`, surname: `PERSON-${letters()}`, type: 'PRIMARY' }],
  };
  return m;
}

/** A passport watchlist hit; `ref` is the entry the hub lodged (set once the hub holds it). */
let lodgedRef = 'WL-NOT-YET';
function hitXml(o: { ref?: string; hitId?: string; surname?: string; type?: string; extra?: string } = {}): string {
  return HIT_XML.replace('WL-000123', o.ref ?? lodgedRef)
    .replace('HIT-2026-000045', o.hitId ?? `HIT-${randomUUID()}`)
    .replace('<Surname>SMITH</Surname>', `<Surname>${o.surname ?? 'SMITH'}</Surname>`)
    .replace('<Type>RENEWAL</Type>', `<Type>${o.type ?? 'RENEWAL'}</Type>${o.extra ?? ''}`);
}

/** What differs between the four paths; the checks below are the same for each. */
interface InboundPath {
  source: Source;
  /** The agency that may push here, and one of another kind that may not. */
  agency: string;
  otherKind: string;
  contentType: string;
  /** Media types the path does not take (some Fastify reads itself, some only the catch-all). */
  wrongContentTypes: string[];
  valid: () => string;
  malformed: string;
  /** Several bad fields at once, each to be named. */
  invalid: { body: () => string; paths: string[] };
  /** Values outside the contract's enumerations, each alone. */
  unknownEnums: { name: string; body: () => string; path: string }[];
  /** Just over 1 MiB. */
  oversized: () => string;
}

const PATHS: InboundPath[] = [
  {
    source: 'court-outcomes',
    agency: 'court.leeds-crown',
    otherKind: 'probation.yorkshire',
    contentType: 'application/json',
    wrongContentTypes: ['text/plain', 'application/octet-stream', 'application/xml'],
    valid: () => JSON.stringify(freshHearing()),
    malformed: '{"schemaVersion": "1.0", "defendant": {',
    invalid: {
      body: json((m) => {
        m.defendant.dateOfBirth = '1986-02-30';
        m.case.hearingDate = 'last Tuesday';
        m.offences[0].notificationCertificate = 'yes';
        m.shoeSize = 44;
      }, freshHearing),
      paths: ['defendant.dateOfBirth', 'case.hearingDate', 'offences[0].notificationCertificate', 'shoeSize'],
    },
    unknownEnums: [
      {
        name: 'messageType',
        body: json((m) => (m.messageType = 'HEARING_POSTPONED'), freshHearing),
        path: 'messageType',
      },
      {
        name: 'offences[0].finding',
        body: json((m) => (m.offences[0].finding = 'PROBABLY'), freshHearing),
        path: 'offences[0].finding',
      },
      {
        name: 'orders[0].orderType',
        body: json((m) => (m.orders[0].orderType = 'ASBO'), freshHearing),
        path: 'orders[0].orderType',
      },
    ],
    oversized: json((m) => (m.offences[0].wording = 'x'.repeat(MiB)), freshHearing),
  },
  {
    source: 'probation',
    agency: 'probation.yorkshire',
    otherKind: 'police.west-yorkshire',
    contentType: 'application/json',
    wrongContentTypes: ['application/xml', 'application/json-patch+json'],
    valid: () => JSON.stringify(freshAssessment()),
    malformed: '{"schemaVersion": "1.0", "eventType": RISK_ASSESSMENT_COMPLETED}',
    invalid: {
      body: json((m) => {
        m.person.crn = '123456X';
        m.occurredAt = 'yesterday';
        m.riskAssessment.completedOn = '2027-13-01';
        delete m.riskAssessment.assessor;
        m.riskAssessment.mood = 'cheerful';
      }, freshAssessment),
      paths: [
        'person.crn',
        'occurredAt',
        'riskAssessment.completedOn',
        'riskAssessment.assessor',
        'riskAssessment.mood',
      ],
    },
    unknownEnums: [
      {
        name: 'riskAssessment.roshOverall',
        body: json((m) => (m.riskAssessment.roshOverall = 'EXTREME'), freshAssessment),
        path: 'riskAssessment.roshOverall',
      },
      {
        name: 'riskAssessment.rosh.children',
        body: json((m) => (m.riskAssessment.rosh.children = 'NONE'), freshAssessment),
        path: 'riskAssessment.rosh.children',
      },
      {
        name: 'riskAssessment.tool',
        body: json((m) => (m.riskAssessment.tool = 'CRYSTAL_BALL'), freshAssessment),
        path: 'riskAssessment.tool',
      },
    ],
    oversized: json((m) => (m.riskAssessment.assessor.name = 'x'.repeat(MiB)), freshAssessment),
  },
  {
    source: 'pnc',
    agency: 'police.west-yorkshire',
    otherKind: 'court.leeds-crown',
    contentType: 'application/json',
    wrongContentTypes: ['application/x-www-form-urlencoded', 'multipart/form-data; boundary=x'],
    valid: () => JSON.stringify(freshCaution()),
    malformed: "{'updateType': 'CAUTION_RECORDED'}",
    invalid: {
      body: json((m) => {
        m.nominal.pncId = '2019/0456789X';
        m.recordedAt = '2026-12-01 noon';
        m.caution.notifiable = 'true';
        delete m.caution.offenceCode;
      }, freshCaution),
      paths: ['nominal.pncId', 'recordedAt', 'caution.notifiable', 'caution.offenceCode'],
    },
    unknownEnums: [
      { name: 'nominal.sex', body: json((m) => (m.nominal.sex = 'Q'), freshCaution), path: 'nominal.sex' },
      {
        name: 'nominal.names[0].type',
        body: json(
          (m) => m.nominal.names.push({ forenames: 'Pete', surname: 'JONES', type: 'NICKNAME' }),
          freshCaution,
        ),
        path: 'nominal.names[1].type',
      },
    ],
    oversized: json((m) => (m.caution.wording = 'x'.repeat(MiB)), freshCaution),
  },
  {
    source: 'passport-watchlist',
    agency: 'hmpo',
    otherKind: 'court.leeds-crown',
    contentType: 'application/xml',
    wrongContentTypes: ['application/json', 'text/plain', 'application/soap+xml'],
    valid: () => hitXml(),
    malformed: '<WatchlistHit xmlns="urn:hmpo:watchlist:1"><HitId>HIT-1</HitId><Applicant></WatchlistHit>',
    invalid: {
      body: () =>
        hitXml({ extra: '<Shoe>9</Shoe>' })
          .replace('<DateOfBirth>1986-02-28</DateOfBirth>', '<DateOfBirth>1986-02-30</DateOfBirth>')
          .replace('<Postcode>BD1 1AA</Postcode>', '<Postcode>NOT A POSTCODE</Postcode>'),
      paths: ['Application.Shoe', 'Applicant.DateOfBirth', 'Applicant.Address.Postcode'],
    },
    unknownEnums: [{ name: 'Application.Type', body: () => hitXml({ type: 'STOLEN' }), path: 'Application.Type' }],
    oversized: () => hitXml().replace('<Office>Durham</Office>', `<Office>${'x'.repeat(MiB)}</Office>`),
  },
];

describe('every inbound path refuses bad input with problems, and quarantines what it refuses', () => {
  let hmpo: HmpoSimulator;
  let hub: TestHub;

  beforeAll(async () => {
    hmpo = await startHmpoSimulator();
    hub = await startTestHub({
      agencies: [...DEFAULT_AGENCIES, HMPO_AGENCY],
      agreements: [...DEFAULT_AGREEMENTS, HMPO_AGREEMENT],
      env: { HMPO_URL: hmpo.url, HUB_CLOCK_INTERVAL_MS: '300' },
    });
    // A watchlist entry the hub has lodged, so that a valid hit exists.
    lodgedRef = await lodgeEntry(freshHearing());
  });

  afterAll(async () => {
    await hub?.close();
    await hmpo?.close();
  });

  /** Posts an SHPO with passport surrender and waits until the hub holds HMPO's reference. */
  async function lodgeEntry(hearing: Json): Promise<string> {
    expect((await postCourtOutcome(hub, 'court.leeds-crown', hearing)).status).toBe(202);
    const deadline = Date.now() + 15_000;
    for (;;) {
      const { rows } = await hub.db.query(
        `SELECT watchlist_ref FROM watchlist_entries WHERE order_ref = $1 AND state = 'lodged' AND watchlist_ref IS NOT NULL`,
        [hearing.orders[0].orderRef],
      );
      if (rows.length) return rows[0].watchlist_ref;
      if (Date.now() > deadline) throw new Error('the hub never lodged the watchlist entry');
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async function post(
    source: Source,
    o: { agency: string; body: string; contentType: string; key?: string | null },
  ): Promise<Res> {
    let r = request(hub.url)
      .post(`/v1/inbound/${source}`)
      .set('authorization', `Bearer ${await hub.token(o.agency, { scope: 'inbound:write' })}`);
    if (o.key !== null) r = r.set('idempotency-key', o.key ?? randomUUID());
    return r.set('content-type', o.contentType).send(o.body);
  }

  /** Asserts an RFC 9457 problem with nothing internal in it; returns its body. */
  function expectProblem(res: Res, status: number): Json {
    expect({ status: res.status, body: res.text }).toMatchObject({ status });
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const body: Json = JSON.parse(res.text);
    expect(body).toMatchObject({
      type: expect.any(String),
      title: expect.any(String),
      status,
      detail: expect.any(String),
    });
    expect(res.text).not.toMatch(/\n\s+at |node_modules|\bSELECT\b|\bINSERT\b|QueryFailedError/);
    return body;
  }

  /** The quarantined copy of what was sent: same agency, path, bytes and reason. */
  async function expectQuarantined(o: {
    agency: string;
    source: Source;
    raw: string;
    status: number;
    key?: string | null;
  }): Promise<Json> {
    const res = await request(hub.url)
      .get(`/v1/admin/quarantine?agency=${o.agency}&limit=500`)
      .set('authorization', `Bearer ${await hub.token('hub.operators')}`);
    expect(res.status).toBe(200);
    const items = res.body.items.filter(
      (i: Json) => i.bodySha256 === sha256(o.raw) && i.adapter === o.source && i.reason.status === o.status,
    );
    expect(items).toHaveLength(1);
    const item = items[0];
    expect(item).toMatchObject({
      agency: o.agency,
      sizeBytes: Buffer.byteLength(o.raw),
      reason: { status: o.status, title: expect.any(String), detail: expect.any(String) },
    });
    if (o.key !== undefined) expect(item.idempotencyKey).toBe(o.key);
    const { rows } = await hub.db.query(`SELECT body, status FROM inbound_messages WHERE id = $1`, [item.messageId]);
    expect(rows).toEqual([{ body: o.raw, status: 'rejected' }]);
    return item;
  }

  async function acceptedWithKey(agency: string, key: string): Promise<number> {
    const { rows } = await hub.db.query(
      `SELECT count(*)::int AS n FROM inbound_messages WHERE agency_id = $1 AND idempotency_key = $2 AND status = 'accepted'`,
      [agency, key],
    );
    return rows[0].n;
  }

  describe.each(PATHS)('POST /v1/inbound/$source', (p) => {
    const send = (body: string, o: { key?: string | null; contentType?: string; agency?: string } = {}) =>
      post(p.source, { agency: o.agency ?? p.agency, body, contentType: o.contentType ?? p.contentType, key: o.key });

    it('a valid message is accepted (so each refusal below is about what it changes)', async () => {
      const res = await send(p.valid());
      expect({ status: res.status, body: res.body }).toMatchObject({
        status: 202,
        body: { status: 'accepted', subjectIds: [expect.any(String)] },
      });
    });

    it('a malformed body: 400, quarantined with its reason and the exact bytes', async () => {
      const key = randomUUID();
      const body = expectProblem(await send(p.malformed, { key }), 400);
      expect(body.detail).toMatch(/well-formed/);
      await expectQuarantined({ agency: p.agency, source: p.source, raw: p.malformed, status: 400, key });
    });

    it.each(p.wrongContentTypes)('content type %s: 415 naming what it accepts, quarantined', async (contentType) => {
      const key = randomUUID();
      const raw = p.valid();
      const body = expectProblem(await send(raw, { key, contentType }), 415);
      expect(body.detail).toContain(p.contentType);
      await expectQuarantined({ agency: p.agency, source: p.source, raw, status: 415, key });
    });

    it('several invalid fields: 422 naming each by its path, quarantined with them', async () => {
      const key = randomUUID();
      const raw = p.invalid.body();
      const body = expectProblem(await send(raw, { key }), 422);
      expect(errorPaths(body).sort()).toEqual([...p.invalid.paths].sort());
      for (const e of body.errors) expect(e).toEqual({ path: expect.any(String), message: expect.any(String) });
      const item = await expectQuarantined({ agency: p.agency, source: p.source, raw, status: 422, key });
      // What operators see: names no format defines are the agency's own, masked (security review item 12).
      const masked = (path: string) => path.replace(/\b(shoeSize|mood|Shoe)$/, (name) => '•'.repeat(name.length));
      expect(errorPaths(item.reason).sort()).toEqual(p.invalid.paths.map(masked).sort());
    });

    it.each(p.unknownEnums)(
      'an unknown enum value in $name: 422 naming it, quarantined',
      async ({ body: build, path }) => {
        const key = randomUUID();
        const raw = build();
        const body = expectProblem(await send(raw, { key }), 422);
        expect(errorPaths(body)).toEqual([path]);
        expect(body.errors[0].message).toMatch(/must be one of/);
        await expectQuarantined({ agency: p.agency, source: p.source, raw, status: 422, key });
      },
    );

    it('a body over 1 MiB: 413, refused before it is read (so there is nothing to keep)', async () => {
      const key = randomUUID();
      const raw = p.oversized();
      expect(Buffer.byteLength(raw)).toBeGreaterThan(MiB);
      expectProblem(await send(raw, { key }), 413);
      const { rows } = await hub.db.query(
        `SELECT count(*)::int AS n FROM inbound_messages WHERE idempotency_key = $1`,
        [key],
      );
      expect(rows[0].n).toBe(0);
    });

    it('no Idempotency-Key: 400 naming the header, quarantined', async () => {
      const raw = p.valid();
      const body = expectProblem(await send(raw, { key: null }), 400);
      expect(body.detail).toMatch(/Idempotency-Key/);
      await expectQuarantined({ agency: p.agency, source: p.source, raw, status: 400, key: null });
    });

    it('same key + same body: the first 202 is replayed and nothing is processed twice', async () => {
      const key = randomUUID();
      const raw = p.valid();
      const first = await send(raw, { key });
      expect(first.status).toBe(202);
      const second = await send(raw, { key });
      expect(second.status).toBe(202);
      expect(second.headers['idempotency-replayed']).toBe('true');
      expect(second.body).toEqual(first.body);
      expect(await acceptedWithKey(p.agency, key)).toBe(1);
    });

    it('same key + a different body: 422, the first answer stands, and the second body is quarantined as sent', async () => {
      const key = randomUUID();
      const original = p.valid();
      const first = await send(original, { key });
      expect(first.status).toBe(202);
      const other = p.valid();
      const body = expectProblem(await send(other, { key }), 422);
      expect(body.detail).toMatch(/Idempotency-Key/);
      expect(await acceptedWithKey(p.agency, key)).toBe(1);
      await expectQuarantined({ agency: p.agency, source: p.source, raw: other, status: 422, key });
      // The key still belongs to the first message: resending that one still replays its answer.
      const again = await send(original, { key });
      expect(again.status).toBe(202);
      expect(again.headers['idempotency-replayed']).toBe('true');
      expect(again.body).toEqual(first.body);
    });

    it('an agency of another kind, even with inbound:write and a valid message: 403, quarantined under its own name', async () => {
      const key = randomUUID();
      const raw = p.valid();
      const body = expectProblem(await send(raw, { key, agency: p.otherKind }), 403);
      expect(body.detail).toContain(p.source);
      await expectQuarantined({ agency: p.otherKind, source: p.source, raw, status: 403, key });
      expect(await acceptedWithKey(p.otherKind, key)).toBe(0);
    });
  });

  describe('bytes PostgreSQL text cannot hold: answered with problems (never 500), kept byte for byte', () => {
    const nul = (text: string) => Buffer.from(text, 'utf8');
    it.each([
      [
        'a raw NUL byte in JSON: 400',
        'court-outcomes',
        'court.leeds-crown',
        'application/json',
        () => nul(JSON.stringify(freshHearing()).replace('"schemaVersion"', '\u0000"schemaVersion"')),
        400,
        null,
      ],
      [
        'a raw NUL byte in XML: 400',
        'passport-watchlist',
        'hmpo',
        'application/xml',
        () => nul(hitXml().replace('<Office>Durham', '<Office>Dur\u0000ham')),
        400,
        null,
      ],
      [
        'an escaped \\u0000 in free text: 422 naming it',
        'court-outcomes',
        'court.leeds-crown',
        'application/json',
        () => nul(JSON.stringify(freshHearing()).replace('"wording":"', '"wording":"\\u0000')),
        422,
        ['offences[0].wording'],
      ],
      [
        'an escaped \\u0000 in a probation field: 422 naming it',
        'probation',
        'probation.yorkshire',
        'application/json',
        () => nul(JSON.stringify(freshAssessment()).replace('"role":"', '"role":"\\u0000')),
        422,
        ['riskAssessment.assessor.role'],
      ],
      [
        'bytes that are not UTF-8 in a PNC name: 422 naming it',
        'pnc',
        'police.west-yorkshire',
        'application/json',
        () => {
          const text = JSON.stringify(freshCaution());
          const at = text.indexOf('PERSON-');
          return Buffer.concat([nul(text.slice(0, at)), Buffer.from([0xff, 0xfe]), nul(text.slice(at))]);
        },
        422,
        ['nominal.names[0].surname'],
      ],
    ] as const)('%s', async (_name, source, agency, contentType, build, status, paths) => {
      const raw = build();
      const key = randomUUID();
      // fetch sends the bytes as they are (supertest would serialise a Buffer as JSON).
      const res = await fetch(`${hub.url}/v1/inbound/${source}`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${await hub.token(agency, { scope: 'inbound:write' })}`,
          'idempotency-key': key,
          'content-type': contentType,
        },
        body: raw,
      });
      const text = await res.text();
      const body = expectProblem(
        { status: res.status, text, headers: { 'content-type': res.headers.get('content-type') } } as unknown as Res,
        status,
      );
      if (paths) expect(errorPaths(body).sort()).toEqual([...paths].sort());
      const q = await request(hub.url)
        .get(`/v1/admin/quarantine?agency=${agency}&limit=500`)
        .set('authorization', `Bearer ${await hub.token('hub.operators')}`);
      const item = q.body.items.find((i: Json) => i.idempotencyKey === key);
      expect(item).toMatchObject({
        adapter: source,
        sizeBytes: raw.length,
        bodySha256: createHash('sha256').update(raw).digest('hex'),
        reason: { status },
      });
      const { rows } = await hub.db.query(
        `SELECT coalesce(body_bytes, convert_to(body, 'UTF8')) AS sent FROM inbound_messages WHERE id = $1`,
        [item.messageId],
      );
      expect(Buffer.compare(rows[0].sent, raw)).toBe(0);
    });
  });

  describe('passport watchlist XML: entities never expand, escapes are decoded, the reference must be live', () => {
    const postXml = (xml: string, key = randomUUID()) =>
      post('passport-watchlist', { agency: 'hmpo', body: xml, contentType: 'application/xml', key });

    async function hitsOn(subjectId: string): Promise<Json[]> {
      const { rows } = await hub.db.query(`SELECT record->'watchlistHits' AS hits FROM subjects WHERE id = $1`, [
        subjectId,
      ]);
      return rows[0].hits ?? [];
    }

    it.each([
      [
        'an external entity (XXE)',
        (ref: string) =>
          `<?xml version="1.0"?><!DOCTYPE WatchlistHit [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>${hitXml({ ref, surname: '&xxe;' }).replace(/^<\?xml[^>]*>\s*/, '')}`,
      ],
      [
        'a billion laughs',
        (ref: string) => {
          const levels = Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i};`.repeat(10)}">`).join(
            '',
          );
          return `<?xml version="1.0"?><!DOCTYPE WatchlistHit [<!ENTITY lol0 "lol">${levels}]>${hitXml({ ref, surname: '&lol9;' }).replace(/^<\?xml[^>]*>\s*/, '')}`;
        },
      ],
      [
        'a parameter entity pulling an external DTD',
        (ref: string) =>
          `<!DOCTYPE WatchlistHit [<!ENTITY % dtd SYSTEM "http://127.0.0.1:1/evil.dtd"> %dtd;]>${hitXml({ ref }).replace(/^<\?xml[^>]*>\s*/, '')}`,
      ],
    ])('%s: 400 before anything is expanded, quarantined as sent, nothing recorded', async (_name, build) => {
      const key = randomUUID();
      const raw = build(lodgedRef);
      const started = Date.now();
      const res = await postXml(raw, key);
      const body = expectProblem(res, 400);
      expect(Date.now() - started).toBeLessThan(5000);
      expect(body.detail).toMatch(/DOCTYPE/);
      expect(res.text).not.toMatch(/root:|lollol/);
      const item = await expectQuarantined({ agency: 'hmpo', source: 'passport-watchlist', raw, status: 400, key });
      expect(JSON.stringify(item)).not.toMatch(/root:|lollol/);
      expect(await acceptedWithKey('hmpo', key)).toBe(0);
    });

    it("the five XML escapes and numeric references are decoded: O&apos;Brien arrives as O'Brien", async () => {
      const cases = [
        ['O&apos;Brien', "O'Brien"],
        ['O&#39;Connor', "O'Connor"],
        ['D&#x27;Arcy', "D'Arcy"],
        ['Ren&#xE9;e-Smith', 'Renée-Smith'],
      ];
      for (const [written, expected] of cases) {
        const hitId = `HIT-${randomUUID()}`;
        const res = await postXml(
          hitXml({ hitId, surname: written }).replace(
            '<Line1>2 Other Street</Line1>',
            '<Line1>Flat 1 &lt;rear&gt; &amp; &quot;Annex&quot;</Line1>',
          ),
        );
        expect({ status: res.status, body: res.body }).toMatchObject({ status: 202 });
        const hit = (await hitsOn(res.body.subjectIds[0])).find((h) => h.hitId === hitId);
        expect(hit?.applicant).toMatchObject({ surname: expected, address: { line1: 'Flat 1 <rear> & "Annex"' } });
      }
    });

    it('an HTML-only entity (&nbsp;) is not XML: the name is refused with 422 naming it, quarantined', async () => {
      const key = randomUUID();
      const raw = hitXml({ surname: 'SMITH&nbsp;JONES' });
      const body = expectProblem(await postXml(raw, key), 422);
      expect(errorPaths(body)).toEqual(['Applicant.Surname']);
      await expectQuarantined({ agency: 'hmpo', source: 'passport-watchlist', raw, status: 422, key });
    });

    it('an unknown WatchlistRef: 422 naming WatchlistRef, quarantined', async () => {
      const key = randomUUID();
      const raw = hitXml({ ref: `WL-NEVER-${letters()}` });
      const body = expectProblem(await postXml(raw, key), 422);
      expect(body.errors).toEqual([
        { path: 'WatchlistRef', message: expect.stringMatching(/not an entry the hub lodged/) },
      ]);
      await expectQuarantined({ agency: 'hmpo', source: 'passport-watchlist', raw, status: 422, key });
    });

    it('a hit on an entry the hub has withdrawn: 422 naming WatchlistRef, quarantined, the record untouched', async () => {
      const hearing = freshHearing();
      const ref = await lodgeEntry(hearing);
      // While lodged, a hit is linked (HMPO still holds the entry).
      const live = await postXml(hitXml({ ref }));
      expect(live.status).toBe(202);
      const subjectId = live.body.subjectIds[0];
      // The court discharges the order; the hub withdraws the entry and HMPO confirms.
      const discharge = courtExample('order-discharged');
      discharge.messageId = `IBI-${randomUUID()}`;
      discharge.defendant = { ...hearing.defendant };
      discharge.orders[0].orderRef = hearing.orders[0].orderRef;
      expect((await postCourtOutcome(hub, 'court.leeds-magistrates', discharge)).status).toBe(202);
      const deadline = Date.now() + 15_000;
      while (
        !(await hub.db.query(`SELECT 1 FROM watchlist_entries WHERE watchlist_ref = $1 AND state = 'withdrawn'`, [ref]))
          .rows.length
      ) {
        if (Date.now() > deadline) throw new Error('the hub never withdrew the entry');
        await new Promise((r) => setTimeout(r, 100));
      }
      const hitsBefore = (await hitsOn(subjectId)).length;
      const key = randomUUID();
      const raw = hitXml({ ref });
      const body = expectProblem(await postXml(raw, key), 422);
      expect(body.errors).toEqual([{ path: 'WatchlistRef', message: expect.stringMatching(/withdrawn/) }]);
      await expectQuarantined({ agency: 'hmpo', source: 'passport-watchlist', raw, status: 422, key });
      expect(await hitsOn(subjectId)).toHaveLength(hitsBefore);
    });
  });
});
