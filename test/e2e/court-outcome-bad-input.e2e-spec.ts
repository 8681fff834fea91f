import { createHash, randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import request from 'supertest';
import { mintToken, newAgencyKey } from '../kit/agency-keys';
import { courtExample } from '../kit/examples';
import { postCourtOutcome } from '../kit/http';
import { startTestHub, type TestHub } from '../kit/test-hub';

/**
 * Bad input on every inbound and read path (api.md "Errors", "Authentication", "Inbound
 * messages", "Subjects"; court-outcomes.md): each refusal is an RFC 9457 problem naming what
 * is wrong, and nothing an authenticated agency sent is lost (quarantined, visible to operators).
 */

const COURT = 'court.leeds-crown';
const COURT_PATH = '/v1/inbound/court-outcomes';
const JUSTIFICATION = 'MAPPA level 2 meeting preparation';
const PNC_CHECK = 'ZABCDEFGHJKLMNPQRTUVWXY';

type Json = Record<string, any>;
type Res = request.Response;

/** A PNC id with a correct check character (court-outcomes.md). */
function pncId(year: number, serial: number): string {
  return `${year}/${String(serial).padStart(7, '0')}${PNC_CHECK[((year % 100) * 10_000_000 + serial) % 23]}`;
}

/** Upper-case letters only, so a generated name passes the hub's name rules. */
function letters(n = 8): string {
  return Array.from({ length: n }, () => String.fromCharCode(65 + Math.floor(Math.random() * 26))).join('');
}

let serialBase = 1_000_000 + Math.floor(Math.random() * 8_000_000);

/**
 * The SHPO example as a different person every time (own defendant id, name, PNC id, order
 * ref, no CRO), so tests sharing one hub never match each other's subjects.
 */
function freshHearing(): Json {
  const m = courtExample('hearing-resulted-shpo');
  const tag = letters();
  m.messageId = `BADIN-${randomUUID()}`;
  m.defendant.courtDefendantId = `D-${randomUUID()}`;
  m.defendant.name = { forenames: `Testy ${tag}`, surname: `PERSON-${letters()}` };
  m.defendant.pncId = pncId(2005, ++serialBase);
  delete m.defendant.croNumber;
  delete m.defendant.aliases;
  m.orders[0].orderRef = `SHPO-${randomUUID()}`;
  return m;
}

/** An acquittal: the only offence ends NOT_GUILTY; no sentence, no orders. */
function freshAcquittal(): Json {
  const m = freshHearing();
  m.offences = [{ ...m.offences[0], plea: 'NOT_GUILTY', finding: 'NOT_GUILTY', notificationCertificate: false }];
  delete m.offences[0].convictionDate;
  delete m.sentence;
  m.orders = [];
  return m;
}

const sha256 = (text: string | Buffer) => createHash('sha256').update(text).digest('hex');
const b64url = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
/** The fields a problem names, each once (a field failing two rules has an entry per rule). */
const errorPaths = (body: Json): string[] => [
  ...new Set<string>((body.errors ?? []).map((e: { path: string }) => e.path)),
];

/** Asserts an RFC 9457 problem with the contract's fields and nothing internal; returns its body. */
function expectProblem(res: Res, status: number): Json {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body: Json = res.body && Object.keys(res.body).length ? res.body : JSON.parse(res.text);
  expect(body).toMatchObject({
    type: expect.any(String),
    title: expect.any(String),
    status,
    detail: expect.any(String),
  });
  expect(body.title.length).toBeGreaterThan(0);
  // No stack traces, no SQL (api.md "Errors").
  expect(res.text).not.toMatch(/\n\s+at |node_modules|\bSELECT\b|\bINSERT\b|QueryFailedError/);
  return body;
}

describe('court outcomes and reads refuse bad input with problems, and lose nothing', () => {
  let hub: TestHub;

  beforeAll(async () => {
    hub = await startTestHub();
  });

  afterAll(async () => {
    await hub?.close();
  });

  /** A court-outcomes POST with every part controllable. */
  async function post(o: {
    token?: string | null;
    key?: string | null;
    contentType?: string;
    body: unknown;
  }): Promise<Res> {
    let r = request(hub.url).post(COURT_PATH);
    const token = o.token === undefined ? await hub.token(COURT) : o.token;
    if (token !== null) r = r.set('authorization', `Bearer ${token}`);
    const key = o.key === undefined ? randomUUID() : o.key;
    if (key !== null) r = r.set('idempotency-key', key);
    r = r.set('content-type', o.contentType ?? 'application/json');
    return r.send(typeof o.body === 'string' ? o.body : JSON.stringify(o.body));
  }

  async function read(
    path: string,
    agency = 'police.west-yorkshire',
    justification: string | null = JUSTIFICATION,
  ): Promise<Res> {
    let r = request(hub.url)
      .get(path)
      .set('authorization', `Bearer ${await hub.token(agency)}`);
    if (justification !== null) r = r.set('x-justification', justification);
    return r;
  }

  async function quarantine(agency = COURT): Promise<Json[]> {
    const res = await request(hub.url)
      .get(`/v1/admin/quarantine?agency=${agency}&limit=500`)
      .set('authorization', `Bearer ${await hub.token('hub.operators')}`);
    expect(res.status).toBe(200);
    return res.body.items;
  }

  /** The quarantined copy of a message, checked byte for byte against what was sent. */
  async function expectQuarantined(match: (item: Json) => boolean, raw: string, status: number): Promise<Json> {
    const item = (await quarantine()).find(match);
    expect(item).toBeDefined();
    expect(item!).toMatchObject({
      agency: COURT,
      adapter: 'court-outcomes',
      sizeBytes: Buffer.byteLength(raw),
      bodySha256: sha256(raw),
    });
    expect(item!.reason).toMatchObject({ status, title: expect.any(String), detail: expect.any(String) });
    const { rows } = await hub.db.query(`SELECT body, status FROM inbound_messages WHERE id = $1`, [item!.messageId]);
    expect(rows).toEqual([{ body: raw, status: 'rejected' }]);
    return item!;
  }

  async function acceptedCount(key: string, agency = COURT): Promise<number> {
    const { rows } = await hub.db.query(
      `SELECT count(*)::int AS n FROM inbound_messages WHERE agency_id = $1 AND idempotency_key = $2 AND status = 'accepted'`,
      [agency, key],
    );
    return rows[0].n;
  }

  async function subjectCount(): Promise<number> {
    const { rows } = await hub.db.query(`SELECT count(*)::int AS n FROM subjects`);
    return rows[0].n;
  }

  describe('401: who is calling cannot be established', () => {
    async function claims(o: Json = {}) {
      const now = Math.floor(Date.now() / 1000);
      return {
        iss: COURT,
        aud: 'information-sharing-hub',
        sub: `${COURT}:test-user`,
        scope: 'inbound:write',
        iat: now,
        exp: now + 300,
        ...o,
      };
    }

    it('no token at all: 401 with a Bearer challenge', async () => {
      const res = await post({ token: null, body: freshHearing() });
      expectProblem(res, 401);
      expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
    });

    it.each([
      ['not a JWT', 'not-a-jwt'],
      ['three garbage segments', 'aaaa.bbbb.cccc'],
      ['a truncated JWT', 'eyJhbGciOiJFUzI1NiJ9.eyJpc3MiOiJjb3VydC5sZWVkcy1jcm93biJ9'],
    ])('a malformed token (%s): 401', async (_name, token) => {
      expectProblem(await post({ token, body: freshHearing() }), 401);
    });

    it('a Basic (not Bearer) authorization header: 401', async () => {
      const res = await request(hub.url)
        .post(COURT_PATH)
        .set('authorization', 'Basic Y291cnQ6cGFzc3dvcmQ=')
        .set('idempotency-key', randomUUID())
        .set('content-type', 'application/json')
        .send(JSON.stringify(freshHearing()));
      expectProblem(res, 401);
    });

    it('an expired token: 401', async () => {
      const token = await hub.token(COURT, { scope: 'inbound:write', expiresIn: -120, lifetime: 300 });
      expectProblem(await post({ token, body: freshHearing() }), 401);
    });

    it('a token living more than 10 minutes (exp − iat > 600 s): 401', async () => {
      const token = await hub.token(COURT, { scope: 'inbound:write', expiresIn: 300, lifetime: 3600 });
      expectProblem(await post({ token, body: freshHearing() }), 401);
    });

    it('a token for another audience: 401', async () => {
      const token = await hub.token(COURT, { scope: 'inbound:write', audience: 'some-other-hub' });
      expectProblem(await post({ token, body: freshHearing() }), 401);
    });

    it('a token from an issuer the hub does not know: 401', async () => {
      const key = await newAgencyKey('court.nowhere-1');
      const token = await mintToken('court.nowhere', key, { scope: 'inbound:write' });
      expectProblem(await post({ token, body: freshHearing() }), 401);
    });

    it("a token signed with another agency's key but claiming this agency as iss: 401", async () => {
      const crown = hub.keys.get(COURT)!;
      const magistrates = hub.keys.get('court.leeds-magistrates')!;
      // As the other agency would sign it (its own kid), with this agency's key id, and with a stranger's key.
      const tokens = [
        await mintToken(COURT, magistrates, { scope: 'inbound:write' }),
        await mintToken(COURT, { ...magistrates, kid: crown.kid }, { scope: 'inbound:write' }),
        await mintToken(COURT, await newAgencyKey(crown.kid), { scope: 'inbound:write' }),
      ];
      for (const token of tokens) expectProblem(await post({ token, body: freshHearing() }), 401);
      // The same body with the genuine key is fine, so the refusals were about the signature.
      expect((await post({ body: freshHearing() })).status).toBe(202);
    });

    it('an unsigned token (alg none): 401', async () => {
      const token = `${b64url({ alg: 'none', typ: 'JWT' })}.${b64url(await claims())}.`;
      expectProblem(await post({ token, body: freshHearing() }), 401);
    });

    it("an HS256 token keyed with the agency's public key (algorithm confusion): 401", async () => {
      const crown = hub.keys.get(COURT)!;
      const secret = new TextEncoder().encode(JSON.stringify(crown.publicJwk));
      const token = await new SignJWT(await claims()).setProtectedHeader({ alg: 'HS256', kid: crown.kid }).sign(secret);
      expectProblem(await post({ token, body: freshHearing() }), 401);
    });

    it('authentication comes before validation: an invalid body with no token is 401, not 422', async () => {
      expectProblem(await post({ token: null, body: { schemaVersion: '9.9' } }), 401);
      expectProblem(await post({ token: null, key: null, body: { schemaVersion: '9.9' } }), 401);
    });
  });

  describe('403: a known agency acting beyond what it may do', () => {
    it('a police force pushing court outcomes (wrong kind of agency): 403, even with a valid message', async () => {
      const token = await hub.token('police.west-yorkshire', { scope: 'inbound:write' });
      const body = expectProblem(await post({ token, body: freshHearing() }), 403);
      expect(body.detail).toMatch(/court-outcomes/);
    });

    it('a court token without inbound:write: 403', async () => {
      const token = await hub.token(COURT, { scope: 'subjects:read' });
      const body = expectProblem(await post({ token, body: freshHearing() }), 403);
      expect(body.detail).toMatch(/inbound:write/);
    });

    it('a court token with no scope at all: 403', async () => {
      expectProblem(await post({ token: await hub.token(COURT, { scope: '' }), body: freshHearing() }), 403);
    });

    it("a token asking for a scope beyond its agency's (a court asking for admin): 403", async () => {
      const token = await hub.token(COURT, { scope: 'inbound:write admin' });
      const body = expectProblem(await post({ token, body: freshHearing() }), 403);
      expect(body.detail).toMatch(/admin/);
    });

    it('a duty-to-cooperate agency asking for inbound:write (not in its default scopes): 403', async () => {
      const token = await hub.token('dtc.leeds-city-housing', { scope: 'inbound:write' });
      expectProblem(await post({ token, body: freshHearing() }), 403);
    });

    it('403 comes before validation: a police force sending an invalid court message gets 403, not 422', async () => {
      const token = await hub.token('police.west-yorkshire', { scope: 'inbound:write' });
      expectProblem(await post({ token, body: { schemaVersion: '9.9' } }), 403);
    });
  });

  describe('400 / 413 / 415: the request cannot be read', () => {
    it('no Idempotency-Key: 400 naming the header, and the message is still kept', async () => {
      const raw = JSON.stringify(freshHearing());
      const body = expectProblem(await post({ key: null, body: raw }), 400);
      expect(body.detail).toMatch(/Idempotency-Key/i);
      await expectQuarantined((i) => i.bodySha256 === sha256(raw), raw, 400);
    });

    it('an Idempotency-Key longer than 255 characters: 400', async () => {
      const body = expectProblem(await post({ key: 'k'.repeat(256), body: freshHearing() }), 400);
      expect(body.detail).toMatch(/Idempotency-Key/i);
    });

    it('malformed JSON: 400, quarantined with its reason and the exact bytes sent', async () => {
      const key = randomUUID();
      const raw = '{"schemaVersion": "1.0", "messageType": "HEARING_RESULTED", "defendant": {"name": ';
      expectProblem(await post({ key, body: raw }), 400);
      const item = await expectQuarantined((i) => i.idempotencyKey === key, raw, 400);
      expect(item.reason.detail).toMatch(/well-formed|JSON/i);
    });

    it('an empty body sent as JSON is not well-formed JSON: 400, quarantined', async () => {
      const key = randomUUID();
      expectProblem(await post({ key, body: '' }), 400);
      await expectQuarantined((i) => i.idempotencyKey === key, '', 400);
    });

    it('a JSON value that is not an object (an array): 422, quarantined', async () => {
      const key = randomUUID();
      const raw = '[1, 2, 3]';
      const body = expectProblem(await post({ key, body: raw }), 422);
      expect(body.errors.length).toBeGreaterThan(0);
      await expectQuarantined((i) => i.idempotencyKey === key, raw, 422);
    });

    it.each([['text/plain'], ['application/xml'], ['application/x-www-form-urlencoded'], ['application/octet-stream']])(
      'content type %s on a JSON route: 415',
      async (contentType) => {
        const res = await post({ contentType, body: JSON.stringify(freshHearing()) });
        expectProblem(res, 415);
      },
    );

    it('a body over 1 MiB: 413', async () => {
      const m = freshHearing();
      m.offences[0].wording = 'x'.repeat(1024 * 1024 + 10);
      const res = await post({ body: m });
      expectProblem(res, 413);
      // Refused before it is read: nothing of it was accepted.
      const { rows } = await hub.db.query(
        `SELECT count(*)::int AS n FROM inbound_messages WHERE source_message_id = $1 AND status = 'accepted'`,
        [m.messageId],
      );
      expect(rows[0].n).toBe(0);
    });

    it('a body just under 1 MiB is read (then refused on its fields, 422), so the limit is 1 MiB and not less', async () => {
      const m = freshHearing();
      const base = Buffer.byteLength(JSON.stringify(m));
      m.offences[0].wording = 'x'.repeat(1024 * 1024 - base - 100);
      const res = await post({ body: m });
      const body = expectProblem(res, 422);
      expect(errorPaths(body)).toEqual(['offences[0].wording']);
    });
  });

  describe('422: well-formed messages that fail validation name every bad field', () => {
    it('several bad fields at once: each named by its dotted path, quarantined with the reason and the original body', async () => {
      const m = freshHearing();
      const surname = m.defendant.name.surname;
      m.defendant.pncId = '2004/0123456X'; // check character should be B
      m.defendant.dateOfBirth = '1986-02-30'; // no such date
      delete m.defendant.name; // required
      m.defendant.shoeSize = 44; // unknown field
      m.sentence.disposal = 'FLOGGING'; // unknown disposal
      m.offences[0].finding = 'PROBABLY'; // unknown finding
      m.court.level = 'SUPREME'; // unknown level
      m.sentAt = 'yesterday afternoon'; // not RFC 3339
      m.comment = 'unknown top-level field';
      const key = randomUUID();
      const raw = JSON.stringify(m);
      const res = await post({ key, body: raw });
      const body = expectProblem(res, 422);
      const expected = [
        'defendant.pncId',
        'defendant.dateOfBirth',
        'defendant.name',
        'defendant.shoeSize',
        'sentence.disposal',
        'offences[0].finding',
        'court.level',
        'sentAt',
        'comment',
      ];
      const paths = errorPaths(body);
      expect(paths).toEqual(expect.arrayContaining(expected));
      // One entry per message, never several joined: a missing name fails two rules, so two entries.
      const forName = body.errors.filter((e: Json) => e.path === 'defendant.name');
      expect(forName.length).toBeGreaterThanOrEqual(2);
      expect(new Set(forName.map((e: Json) => e.message)).size).toBe(forName.length);
      for (const e of body.errors) expect(e.message).not.toMatch(/; /);
      for (const e of body.errors) expect(e).toEqual({ path: expect.any(String), message: expect.any(String) });
      expect(body.errors.find((e: Json) => e.path === 'defendant.shoeSize').message).toMatch(/not allowed/);
      // No echo of personal data in detail.
      expect(body.detail).not.toContain(m.defendant.pncId);
      expect(body.detail).not.toContain('1986-02-30');
      expect(body.detail).not.toContain(surname);

      const item = await expectQuarantined((i) => i.idempotencyKey === key, raw, 422);
      // What operators see: names no format defines are the agency's own, masked (security review item 12).
      const masked = (path: string) => path.replace(/\b(shoeSize|comment)$/, (name) => '•'.repeat(name.length));
      expect(errorPaths(item.reason)).toEqual(expect.arrayContaining(expected.map(masked)));
      expect(errorPaths(item.reason)).not.toEqual(expect.arrayContaining(['defendant.shoeSize']));
      expect(item.sourceMessageId === null || item.sourceMessageId === m.messageId).toBe(true);
    });

    it('an unknown messageType: 422 naming messageType and its allowed values, no rules of another type, quarantined', async () => {
      const m = freshHearing();
      m.messageType = 'HEARING_ADJOURNED';
      delete m.case.hearingDate; // a common field still reported
      const key = randomUUID();
      const raw = JSON.stringify(m);
      const body = expectProblem(await post({ key, body: raw }), 422);
      expect(errorPaths(body).sort()).toEqual(['case.hearingDate', 'messageType']);
      expect(body.errors.find((e: Json) => e.path === 'messageType').message).toContain(
        'HEARING_RESULTED, ORDER_VARIED, ORDER_DISCHARGED',
      );
      const item = await expectQuarantined((i) => i.idempotencyKey === key, raw, 422);
      expect(errorPaths(item.reason).sort()).toEqual(['case.hearingDate', 'messageType']);
    });

    it('array items are named with [i], nested deeply: orders[0].prohibitions[1].code, offences[1].convictionDate', async () => {
      const m = freshHearing();
      m.orders[0].prohibitions[1].code = 'NO_FUN';
      m.offences.push({ ...m.offences[0], sequence: 2, convictionDate: '2026-02-31' });
      const body = expectProblem(await post({ body: m }), 422);
      expect(errorPaths(body)).toEqual(
        expect.arrayContaining(['orders[0].prohibitions[1].code', 'offences[1].convictionDate']),
      );
    });

    it('another schema version: 422 naming schemaVersion', async () => {
      const body = expectProblem(await post({ body: { ...freshHearing(), schemaVersion: '2.0' } }), 422);
      expect(errorPaths(body)).toEqual(['schemaVersion']);
    });

    it('a date of birth in the future: 422 naming defendant.dateOfBirth', async () => {
      const m = freshHearing();
      m.defendant.dateOfBirth = `${new Date().getUTCFullYear() + 1}-01-01`;
      const body = expectProblem(await post({ body: m }), 422);
      expect(errorPaths(body)).toContain('defendant.dateOfBirth');
    });

    it('a guilty finding without a sentence and not adjourned: 422 naming sentence', async () => {
      const m = freshHearing();
      delete m.sentence;
      const body = expectProblem(await post({ body: m }), 422);
      expect(errorPaths(body)).toContain('sentence');
    });

    it('a discharge without dischargedOn: 422 naming orders[0].dischargedOn', async () => {
      const m = courtExample('order-discharged');
      delete m.orders[0].dischargedOn;
      const body = expectProblem(await post({ body: m }), 422);
      expect(errorPaths(body)).toContain('orders[0].dischargedOn');
    });

    it('a rejected message frees its key: the corrected message under the same key is accepted', async () => {
      const key = randomUUID();
      const good = freshHearing();
      expectProblem(await post({ key, body: { ...good, schemaVersion: '2.0' } }), 422);
      const res = await post({ key, body: good });
      expect(res.status).toBe(202);
      expect(res.body.subjectIds).toHaveLength(1);
    });
  });

  describe('hostile input', () => {
    it('SQL-looking names, address and wording are stored and returned verbatim, not executed', async () => {
      const m = freshHearing();
      // Names within the contract's character set (letters, spaces, apostrophes, hyphens).
      m.defendant.name = {
        forenames: `Robert' OR 'A' LIKE 'A ${letters()}`,
        surname: `O'BRIEN' DROP TABLE subjects --`,
      };
      m.defendant.address = {
        line1: "1'; DROP TABLE subjects; --",
        line2: "x' OR '1'='1",
        town: 'Leeds"); DELETE FROM inbound_messages; --',
        postcode: 'LS6 2AB',
      };
      m.offences[0].wording = "Robert'); DROP TABLE events;-- /* */ UNION SELECT * FROM audit_log";
      const res = await post({ body: m });
      expect(res.status).toBe(202);
      const [subjectId] = res.body.subjectIds;
      const record = await read(`/v1/subjects/${subjectId}`);
      expect(record.status).toBe(200);
      expect(record.body.names[0]).toMatchObject({
        forenames: m.defendant.name.forenames,
        surname: m.defendant.name.surname,
        type: 'PRIMARY',
      });
      expect(record.body.address).toMatchObject({
        line1: m.defendant.address.line1,
        line2: m.defendant.address.line2,
        town: m.defendant.address.town,
      });
      expect(record.body.convictions[0].wording).toBe(m.offences[0].wording);
      // The tables are all still there and still hold what they held.
      const { rows } = await hub.db.query(
        `SELECT (SELECT count(*)::int FROM subjects) AS s, (SELECT count(*)::int FROM events) AS e, (SELECT count(*)::int FROM inbound_messages) AS m`,
      );
      expect(rows[0].s).toBeGreaterThan(0);
      expect(rows[0].e).toBeGreaterThan(0);
      expect(rows[0].m).toBeGreaterThan(0);
    });

    it('a name with characters outside a name (;, =, parentheses) is refused with 422 naming the field, and kept', async () => {
      const m = freshHearing();
      m.defendant.name.surname = "SMITH'; DROP TABLE subjects;--";
      const key = randomUUID();
      const raw = JSON.stringify(m);
      const body = expectProblem(await post({ key, body: raw }), 422);
      expect(errorPaths(body)).toEqual(['defendant.name.surname']);
      await expectQuarantined((i) => i.idempotencyKey === key, raw, 422);
    });

    it('SQL-looking identifiers and ids on reads find nothing (400 or 404) rather than everything', async () => {
      for (const identifier of [
        "CRN:' OR '1'='1",
        'NOMS:x%27%20OR%201=1--',
        "PASSPORT:') OR true--",
        "PNC:2004/0123456B' OR '1'='1",
      ]) {
        const res = await read(`/v1/subjects?identifier=${encodeURIComponent(identifier)}`);
        expect([400, 404]).toContain(res.status);
        expectProblem(res, res.status);
        expect(res.body.subjects).toBeUndefined();
      }
      expectProblem(await read(`/v1/subjects/${encodeURIComponent("' OR 1=1 --")}`), 404);
    });

    it('__proto__ and constructor keys are ignored or refused, and pollute nothing', async () => {
      const m = freshHearing();
      const raw = JSON.stringify(m)
        .replace(/^\{/, '{"__proto__": {"polluted": "yes", "scopes": ["admin"]}, ')
        .replace(
          '"defendant":{',
          '"defendant":{"constructor": {"prototype": {"polluted2": "yes"}}, "__proto__": {"isAdmin": true}, ',
        );
      expect(raw).toContain('"__proto__"');
      expect(raw).toContain('"constructor"');
      const res = await post({ body: raw });
      expect([202, 422]).toContain(res.status);
      // The hub runs in this process: a polluted prototype would show here.
      expect(({} as Json).polluted).toBeUndefined();
      expect(({} as Json).polluted2).toBeUndefined();
      expect(({} as Json).isAdmin).toBeUndefined();
      expect(({} as Json).scopes).toBeUndefined();
      if (res.status === 202) {
        const read1 = await read(`/v1/subjects/${res.body.subjectIds[0]}`);
        expect(read1.status).toBe(200);
        expect(read1.text).not.toMatch(/polluted|isAdmin/);
        const { rows } = await hub.db.query(`SELECT record::text AS r FROM subjects WHERE id = $1`, [
          res.body.subjectIds[0],
        ]);
        expect(rows[0].r).not.toMatch(/polluted|isAdmin/);
      } else {
        expectProblem(res, 422);
      }
      // The court still may not read the quarantine: no scope was gained from the body.
      const q = await request(hub.url)
        .get('/v1/admin/quarantine')
        .set('authorization', `Bearer ${await hub.token(COURT)}`);
      expectProblem(q, 403);
    });
  });

  describe('idempotency', () => {
    it('same key + same body: the first 202 is replayed with Idempotency-Replayed: true, and nothing is processed twice', async () => {
      const key = randomUUID();
      const raw = JSON.stringify(freshHearing());
      const first = await post({ key, body: raw });
      expect(first.status).toBe(202);
      expect(first.headers['idempotency-replayed']).toBeUndefined();
      const subjectsBefore = await subjectCount();
      const { rows: events } = await hub.db.query(`SELECT count(*)::int AS n FROM events WHERE subject_id = $1`, [
        first.body.subjectIds[0],
      ]);
      const second = await post({ key, body: raw });
      expect(second.status).toBe(202);
      expect(second.headers['idempotency-replayed']).toBe('true');
      expect(second.body).toEqual(first.body);
      expect(await acceptedCount(key)).toBe(1);
      expect(await subjectCount()).toBe(subjectsBefore);
      const { rows: after } = await hub.db.query(`SELECT count(*)::int AS n FROM events WHERE subject_id = $1`, [
        first.body.subjectIds[0],
      ]);
      expect(after[0].n).toBe(events[0].n);
    });

    it('same key + a different body: 422, and the second body is not processed', async () => {
      const key = randomUUID();
      const first = await post({ key, body: freshHearing() });
      expect(first.status).toBe(202);
      const other = freshHearing();
      const subjectsBefore = await subjectCount();
      const body = expectProblem(await post({ key, body: other }), 422);
      expect(body.detail).toMatch(/Idempotency-Key/i);
      expect(await acceptedCount(key)).toBe(1);
      expect(await subjectCount()).toBe(subjectsBefore);
      expectProblem(await read(`/v1/subjects?identifier=${encodeURIComponent(`PNC:${other.defendant.pncId}`)}`), 404);
    });

    it('keys are per agency: another court may use the same key for its own message', async () => {
      const key = randomUUID();
      expect((await post({ key, body: freshHearing() })).status).toBe(202);
      const res = await postCourtOutcome(hub, 'court.leeds-magistrates', freshHearing(), key);
      expect(res.status).toBe(202);
      expect(res.headers['idempotency-replayed']).toBeUndefined();
      expect(await acceptedCount(key, 'court.leeds-magistrates')).toBe(1);
    });

    it('five concurrent posts with one key and body: exactly one is processed; the rest are 409 or the replayed 202', async () => {
      const key = randomUUID();
      const m = freshHearing();
      const raw = JSON.stringify(m);
      const tokens = await Promise.all(Array.from({ length: 5 }, () => hub.token(COURT)));
      const subjectsBefore = await subjectCount();
      const responses = await Promise.all(tokens.map((token) => post({ token, key, body: raw })));
      const originals = responses.filter((r) => r.status === 202 && r.headers['idempotency-replayed'] === undefined);
      expect(originals).toHaveLength(1);
      for (const r of responses) {
        if (r.status === 202) expect(r.body).toEqual(originals[0].body);
        else expectProblem(r, 409);
      }
      expect(await acceptedCount(key)).toBe(1);
      expect(await subjectCount()).toBe(subjectsBefore + 1);
      const lookup = await read(`/v1/subjects?identifier=${encodeURIComponent(`PNC:${m.defendant.pncId}`)}`);
      expect(lookup.status).toBe(200);
      expect(lookup.body.subjects.map((s: Json) => s.subjectId)).toEqual(originals[0].body.subjectIds);
      // Once settled, the key replays.
      const later = await post({ key, body: raw });
      expect(later.status).toBe(202);
      expect(later.headers['idempotency-replayed']).toBe('true');
    });

    it('same key while the first is still being processed: 409', async () => {
      // A first request that holds the key (claimed, not finished), as a slow or crashed one would.
      const key = randomUUID();
      const raw = JSON.stringify(freshHearing());
      await hub.db.query(
        `INSERT INTO idempotency_keys (agency_id, adapter, key, request_sha256, state, locked_until) VALUES ($1, 'court-outcomes', $2, $3, 'in_progress', now() + interval '60 seconds')`,
        [COURT, key, sha256(raw)],
      );
      expectProblem(await post({ key, body: raw }), 409);
      expect(await acceptedCount(key)).toBe(0);
    });
  });

  describe('what the contract says about particular messages', () => {
    it('an acquittal: 202 with empty subjectIds, no subject created, and the message kept as received', async () => {
      const m = freshAcquittal();
      const key = randomUUID();
      const raw = JSON.stringify(m);
      const subjectsBefore = await subjectCount();
      const res = await post({ key, body: raw });
      expect(res.status).toBe(202);
      expect(res.body).toMatchObject({ status: 'accepted', subjectIds: [], events: [] });
      expect(res.body.messageId).toEqual(expect.any(String));
      expect(await subjectCount()).toBe(subjectsBefore);
      expectProblem(await read(`/v1/subjects?identifier=${encodeURIComponent(`PNC:${m.defendant.pncId}`)}`), 404);
      const { rows } = await hub.db.query(`SELECT body, status FROM inbound_messages WHERE id = $1`, [
        res.body.messageId,
      ]);
      expect(rows).toEqual([{ body: raw, status: 'accepted' }]);
    });

    it('a discharge of an order the hub has never seen is accepted and recorded from the message (nothing lost)', async () => {
      const m = courtExample('order-discharged');
      const fresh = freshHearing();
      m.messageId = `BADIN-${randomUUID()}`;
      m.defendant = { ...fresh.defendant };
      delete m.defendant.address;
      delete m.defendant.nationality;
      m.orders[0].orderRef = `SHPO-UNSEEN-${randomUUID()}`;
      const key = randomUUID();
      const res = await post({ key, body: m });
      expect(res.status).toBe(202);
      expect(res.body.subjectIds).toHaveLength(1);
      // Probation's agreement has no MAPPA condition, so it may read a subject with no registration.
      const read1 = await read(`/v1/subjects/${res.body.subjectIds[0]}`, 'probation.yorkshire');
      expect(read1.status).toBe(200);
      expect(read1.body.orders).toEqual([
        expect.objectContaining({ orderRef: m.orders[0].orderRef, orderType: 'SHPO', status: 'DISCHARGED' }),
      ]);
      expect(await acceptedCount(key)).toBe(1);
      expect((await quarantine()).some((i) => i.idempotencyKey === key)).toBe(false);
    });

    it("a discharge naming another person's order: 422 naming orders[0].orderRef, quarantined", async () => {
      const owner = freshHearing();
      expect((await post({ body: owner })).status).toBe(202);
      const m = courtExample('order-discharged');
      m.messageId = `BADIN-${randomUUID()}`;
      m.defendant = { ...freshHearing().defendant };
      delete m.defendant.address;
      m.orders[0].orderRef = owner.orders[0].orderRef;
      const key = randomUUID();
      const raw = JSON.stringify(m);
      const body = expectProblem(await post({ key, body: raw }), 422);
      expect(errorPaths(body)).toEqual(['orders[0].orderRef']);
      await expectQuarantined((i) => i.idempotencyKey === key, raw, 422);
    });
  });

  describe('reads', () => {
    let subjectId: string;
    let message: Json;

    beforeAll(async () => {
      message = freshHearing();
      const res = await post({ body: message });
      expect(res.status).toBe(202);
      subjectId = res.body.subjectIds[0];
    });

    it('no X-Justification: 400 naming the header', async () => {
      const body = expectProblem(await read(`/v1/subjects/${subjectId}`, 'police.west-yorkshire', null), 400);
      expect(body.detail).toMatch(/X-Justification/);
    });

    it.each([
      ['too short', 'why'],
      ['too short once trimmed', '   abcd    '],
      ['too long', 'x'.repeat(501)],
    ])('an X-Justification %s: 400', async (_name, justification) => {
      const body = expectProblem(await read(`/v1/subjects/${subjectId}`, 'police.west-yorkshire', justification), 400);
      expect(body.detail).toMatch(/X-Justification/);
    });

    it('a justification of exactly 5 and 500 characters is enough', async () => {
      expect((await read(`/v1/subjects/${subjectId}`, 'police.west-yorkshire', 'MAPPA')).status).toBe(200);
      expect((await read(`/v1/subjects/${subjectId}`, 'police.west-yorkshire', 'y'.repeat(500))).status).toBe(200);
    });

    it('lookup by identifier also needs the justification: 400', async () => {
      const res = await read(
        `/v1/subjects?identifier=${encodeURIComponent(`PNC:${message.defendant.pncId}`)}`,
        'police.west-yorkshire',
        null,
      );
      expect(expectProblem(res, 400).detail).toMatch(/X-Justification/);
    });

    it('the timeline also needs the justification: 400', async () => {
      expectProblem(await read(`/v1/subjects/${subjectId}/timeline`, 'police.west-yorkshire', null), 400);
    });

    it('an unknown subject id: 404; a malformed one: 404 (no 500)', async () => {
      expectProblem(await read(`/v1/subjects/${randomUUID()}`), 404);
      expectProblem(await read('/v1/subjects/not-a-uuid'), 404);
    });

    it('lookup by identifier ?identifier=PNC:... returns the subject', async () => {
      const res = await read(`/v1/subjects?identifier=${encodeURIComponent(`PNC:${message.defendant.pncId}`)}`);
      expect(res.status).toBe(200);
      expect(res.body.subjects).toEqual([
        expect.objectContaining({
          subjectId,
          identifiers: expect.arrayContaining([
            expect.objectContaining({ scheme: 'PNC', value: message.defendant.pncId }),
          ]),
        }),
      ]);
    });

    it('a short-form PNC id is accepted and stored zero-padded with the century; lookup by either form finds it', async () => {
      const m = freshHearing();
      const serial = 4567 + Math.floor(Math.random() * 5000);
      const long = pncId(2011, serial);
      m.defendant.pncId = `11/${serial}${long.slice(-1)}`;
      const res = await post({ body: m });
      expect(res.status).toBe(202);
      const [id] = res.body.subjectIds;
      const read1 = await read(`/v1/subjects/${id}`);
      expect(read1.body.identifiers).toEqual(
        expect.arrayContaining([expect.objectContaining({ scheme: 'PNC', value: long })]),
      );
      for (const form of [long, m.defendant.pncId]) {
        const found = await read(`/v1/subjects?identifier=${encodeURIComponent(`PNC:${form}`)}`);
        expect(found.status).toBe(200);
        expect(found.body.subjects[0].subjectId).toBe(id);
      }
    });

    it('lookup by an identifier nobody has: 404', async () => {
      expectProblem(await read(`/v1/subjects?identifier=${encodeURIComponent(`PNC:${pncId(1999, 7654321)}`)}`), 404);
    });

    it.each([
      ['an unknown scheme', 'SHOE:44'],
      ['no scheme', '2004/0123456B'],
      ['a PNC id with a wrong check character', 'PNC:2004/0123456X'],
      ['nothing', ''],
    ])('lookup by %s: 400 naming identifier', async (_name, identifier) => {
      const body = expectProblem(await read(`/v1/subjects?identifier=${encodeURIComponent(identifier)}`), 400);
      expect(errorPaths(body)).toEqual(['identifier']);
    });

    it('probation, whose agreement leaves out address and identifiers, never sees them (read by id or by identifier)', async () => {
      const police = await read(`/v1/subjects/${subjectId}`);
      expect(police.body.address.postcode).toBe('LS6 2AB');
      const byId = await read(`/v1/subjects/${subjectId}`, 'probation.yorkshire');
      const byIdentifier = await read(
        `/v1/subjects?identifier=${encodeURIComponent(`PNC:${message.defendant.pncId}`)}`,
        'probation.yorkshire',
      );
      for (const [res, record] of [
        [byId, byId.body],
        [byIdentifier, byIdentifier.body.subjects?.[0]],
      ] as const) {
        expect(res.status).toBe(200);
        expect(record.subjectId).toBe(subjectId);
        expect(record.names[0].surname).toBe(message.defendant.name.surname);
        expect(record).not.toHaveProperty('address');
        expect(record).not.toHaveProperty('identifiers');
        expect(res.text).not.toContain('LS6 2AB');
        expect(res.text).not.toContain(message.defendant.address.line1);
        expect(res.text).not.toContain(message.defendant.pncId);
      }
    });

    it('reads without a token: 401; without subjects:read: 403; asking for a scope the agency lacks: 403', async () => {
      expectProblem(await request(hub.url).get(`/v1/subjects/${subjectId}`).set('x-justification', JUSTIFICATION), 401);
      const noScope = await request(hub.url)
        .get(`/v1/subjects/${subjectId}`)
        .set('authorization', `Bearer ${await hub.token('police.west-yorkshire', { scope: 'feed:read' })}`)
        .set('x-justification', JUSTIFICATION);
      expectProblem(noScope, 403);
      const beyond = await request(hub.url)
        .get(`/v1/subjects/${subjectId}`)
        .set('authorization', `Bearer ${await hub.token('dtc.leeds-city-housing', { scope: 'subjects:read' })}`)
        .set('x-justification', JUSTIFICATION);
      expectProblem(beyond, 403);
    });
  });

  describe('the quarantine is for operators only', () => {
    it('the operators agency with admin sees it', async () => {
      const items = await quarantine();
      expect(items.length).toBeGreaterThan(0);
      for (const i of items)
        expect(i).toMatchObject({
          messageId: expect.any(String),
          agency: COURT,
          reason: expect.objectContaining({ status: expect.any(Number) }),
        });
    });

    it('no token: 401', async () => {
      expectProblem(await request(hub.url).get('/v1/admin/quarantine'), 401);
    });

    it.each([
      ['police with its own scopes', 'police.west-yorkshire', undefined],
      ['police asking for admin', 'police.west-yorkshire', 'admin'],
      ['a court asking for admin', COURT, 'admin'],
      ['probation asking for admin', 'probation.yorkshire', 'admin'],
      ['the operators with audit:read only', 'hub.operators', 'audit:read'],
    ])('%s: 403', async (_name, agency, scope) => {
      const token = await hub.token(agency, scope === undefined ? {} : { scope });
      expectProblem(await request(hub.url).get('/v1/admin/quarantine').set('authorization', `Bearer ${token}`), 403);
    });
  });
});
