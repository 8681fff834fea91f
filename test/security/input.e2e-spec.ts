import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import request from 'supertest';
import { courtExample, pncExample, probationExample } from '../kit/examples';
import { postInbound } from '../kit/http';
import {
  DEFAULT_AGENCIES,
  DEFAULT_AGREEMENTS,
  HMPO_AGENCY,
  HMPO_AGREEMENT,
  startTestHub,
  type TestHub,
} from '../kit/test-hub';

/**
 * Hostile input on the inbound paths and elsewhere (security review items 12, 14, 19): every
 * refusal is problem+json naming what is wrong, never a 500, and every refused inbound message
 * is quarantined; what operators see of it carries no personal data.
 */

type Json = Record<string, any>;
const HIT_XML = readFileSync('adapters/inbound/passport-watchlist/fixtures/watchlist-hit.xml', 'utf8');
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('hostile input', () => {
  let hub: TestHub;

  beforeAll(async () => {
    hub = await startTestHub({
      agencies: [...DEFAULT_AGENCIES, HMPO_AGENCY],
      agreements: [...DEFAULT_AGREEMENTS, HMPO_AGREEMENT],
      env: { HUB_CONSOLE_TOKEN_SIGN_IN: 'true' },
    });
  });

  afterAll(async () => {
    await hub?.close();
  });

  const operator = async () => `Bearer ${await hub.token('hub.operators')}`;
  const quarantine = async (): Promise<Json[]> => {
    const res = await request(hub.url)
      .get('/v1/admin/quarantine?limit=500')
      .set('authorization', await operator());
    expect(res.status).toBe(200);
    return res.body.items;
  };
  /** The quarantined copy of exactly this body, with the status it was refused with. */
  const quarantined = async (source: string, raw: string, status: number): Promise<Json> => {
    const items = (await quarantine()).filter(
      (i) => i.adapter === source && i.bodySha256 === sha256(raw) && i.reason.status === status,
    );
    expect(items).toHaveLength(1);
    return items[0];
  };
  const expectProblem = (res: request.Response, status: number) => {
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toContain('application/problem+json');
  };

  describe('a source timestamp ahead of the hub clock (item 19)', () => {
    const at = (minutesAhead: number) =>
      new Date(Date.now() + minutesAhead * 60_000).toISOString().replace(/\.\d+Z$/, 'Z');
    const sources: [string, string, string, (stamp: string) => Json][] = [
      [
        'court-outcomes',
        'sentAt',
        'court.leeds-crown',
        (s) => ({ ...courtExample('hearing-resulted-shpo'), messageId: `FUT-${randomUUID()}`, sentAt: s }),
      ],
      [
        'probation',
        'occurredAt',
        'probation.yorkshire',
        (s) => ({ ...probationExample('risk-assessment-completed'), eventId: `FUT-${randomUUID()}`, occurredAt: s }),
      ],
      [
        'pnc',
        'recordedAt',
        'police.west-yorkshire',
        (s) => ({ ...pncExample('caution-recorded'), updateId: `FUT-${randomUUID()}`, recordedAt: s }),
      ],
    ];

    it.each(sources)('%s: 6 minutes ahead is 422 naming %s, quarantined', async (source, field, agency, build) => {
      const raw = JSON.stringify(build(at(6)));
      const res = await postInbound(hub, source, agency, raw);
      expectProblem(res, 422);
      expect(res.body.errors).toEqual([
        { path: field, message: "must not be more than 5 minutes ahead of the hub's clock" },
      ]);
      const item = await quarantined(source, raw, 422);
      expect(item.reason.errors).toEqual(res.body.errors);
    });

    it.each(sources)('%s: %s 4 minutes ahead is accepted (clocks drift)', async (source, _field, agency, build) => {
      const res = await postInbound(hub, source, agency, build(at(4)));
      expect(res.status).toBe(202);
    });
  });

  describe('nesting 100 000 levels deep (item 14)', () => {
    const DEEP = 100_000;
    const deepArray = '['.repeat(DEEP) + ']'.repeat(DEEP);
    const deepObject = '{"a":'.repeat(DEEP) + '1' + '}'.repeat(DEEP);

    it.each([
      ['court-outcomes', 'court.leeds-crown', deepArray],
      ['court-outcomes', 'court.leeds-crown', deepObject],
      ['probation', 'probation.yorkshire', `{"schemaVersion":"1.0","person":${deepArray}}`],
      ['pnc', 'police.west-yorkshire', deepObject],
    ])('JSON on %s: 400 problem+json, quarantined', async (source, agency, raw) => {
      const res = await postInbound(hub, source, agency, raw);
      expectProblem(res, 400);
      expect(res.body.detail).toContain('nested deeper than 64 levels');
      await quarantined(source, raw, 400);
    });

    it('XML on passport-watchlist: 400 problem+json, quarantined', async () => {
      const raw = `<?xml version="1.0"?><WatchlistHit>${'<a>'.repeat(DEEP)}${'</a>'.repeat(DEEP)}</WatchlistHit>`;
      const res = await postInbound(hub, 'passport-watchlist', 'hmpo', raw, { contentType: 'application/xml' });
      expectProblem(res, 400);
      expect(res.body.detail).toContain('nested deeper than 64 levels');
      await quarantined('passport-watchlist', raw, 400);
    });

    it('64 levels of XML comments, CDATA and empty elements are not nesting', async () => {
      const raw = HIT_XML.replace(
        '<HitId>',
        `${'<!-- <a> -->'.repeat(100)}<![CDATA[${'<b>'.repeat(100)}]]>${'<c/>'.repeat(100)}<HitId>`,
      );
      const res = await postInbound(hub, 'passport-watchlist', 'hmpo', raw, { contentType: 'application/xml' });
      expect(res.status).not.toBe(500);
      expect(res.body.detail ?? '').not.toContain('nested deeper');
    });

    it.each([
      ['POST', '/v1/subscriptions', 'police.west-yorkshire', undefined],
      ['POST', '/v1/checks', 'police.west-yorkshire', 'checks:run'],
      ['POST', '/v1/admin/replay', 'hub.operators', undefined],
      ['POST', `/v1/events/${randomUUID()}/acknowledgements`, 'police.west-yorkshire', undefined],
    ])('%s %s with a deep JSON body: 400 problem+json, never 500', async (_method, path, agency, scope) => {
      for (const raw of [deepArray, deepObject]) {
        const res = await request(hub.url)
          .post(path)
          .set('authorization', `Bearer ${await hub.token(agency, scope ? { scope } : {})}`)
          .set('content-type', 'application/json')
          .send(raw);
        expectProblem(res, 400);
      }
    });
  });

  describe('what operators see of a quarantined message carries no personal data (item 12)', () => {
    const NAME = 'Zoë Ŵąłęśa';
    const BORN = '1979-03-14';
    /** Whole, and the parts a letters-only (A-Z, 0-9) mask used to leave behind. */
    const PERSONAL = [NAME, 'Zoë', 'Ŵąłęśa', 'ąłęś', BORN, '1979', '03-14'];
    const court = (build: (m: Json) => void) => {
      const m = courtExample('hearing-resulted-shpo');
      m.messageId = `MASK-${randomUUID()}`;
      build(m);
      return JSON.stringify(m);
    };
    const hit = (edit: (xml: string) => string) => edit(HIT_XML.replace('HIT-2026-000045', `HIT-${randomUUID()}`));
    const leaks: [string, string, string, string, string, number][] = [
      [
        'an XML attribute',
        'passport-watchlist',
        'hmpo',
        'application/xml',
        hit((x) => x.replace('<Applicant>', `<Applicant alias="${NAME}" born="${BORN}">`)),
        422,
      ],
      [
        'an XML comment',
        'passport-watchlist',
        'hmpo',
        'application/xml',
        hit((x) => x.replace('<Applicant>', `<Applicant><!-- really ${NAME}, born ${BORN} -->`)),
        422,
      ],
      [
        'XML CDATA',
        'passport-watchlist',
        'hmpo',
        'application/xml',
        hit((x) =>
          x
            .replace(/<Surname>[^<]*<\/Surname>/, `<Surname><![CDATA[${NAME}]]></Surname>`)
            .replace(/<DateOfBirth>[^<]*</, `<DateOfBirth><![CDATA[${BORN}]]><`),
        ),
        422,
      ],
      [
        'an XML element name',
        'passport-watchlist',
        'hmpo',
        'application/xml',
        hit((x) => x.replace('<Applicant>', `<Applicant><Zoë_Ŵąłęśa_${BORN}>1</Zoë_Ŵąłęśa_${BORN}>`)),
        422,
      ],
      [
        'text that is not XML, sent as XML',
        'passport-watchlist',
        'hmpo',
        'application/xml',
        `Applicant: ${NAME}, born ${BORN} <not closed`,
        400,
      ],
      [
        'non-ASCII letters in JSON that does not parse',
        'court-outcomes',
        'court.leeds-crown',
        'application/json',
        `{"defendant": {"name": "${NAME}", "dateOfBirth": "${BORN}"`,
        400,
      ],
      [
        'a JSON key',
        'court-outcomes',
        'court.leeds-crown',
        'application/json',
        court((m) => (m.defendant[`${NAME} ${BORN}`] = 'x')),
        422,
      ],
      [
        'a JSON key holding a NUL',
        'probation',
        'probation.yorkshire',
        'application/json',
        JSON.stringify({
          ...probationExample('mappa-changed'),
          eventId: `MASK-${randomUUID()}`,
          [NAME]: { [BORN]: 'a\u0000b' },
        }),
        422,
      ],
      [
        'JSON values',
        'pnc',
        'police.west-yorkshire',
        'application/json',
        JSON.stringify({
          ...pncExample('caution-recorded'),
          updateId: `MASK-${randomUUID()}`,
          nominal: { names: [{ forenames: NAME, surname: NAME, type: 'PRIMARY' }], dateOfBirth: BORN, shoeSize: NAME },
        }),
        422,
      ],
    ];

    /** A console session for the operator: token sign-in (tests only), from the hub's own origin. */
    const consoleCookie = async () => {
      const res = await request(hub.url)
        .post('/console/sign-in/token')
        .set('origin', hub.url)
        .type('form')
        .send({ token: await hub.token('hub.operators') });
      expect(res.status).toBe(303);
      return String(res.headers['set-cookie']).split(';')[0];
    };

    it.each(leaks)(
      '%s: refused, kept as sent, and masked in the quarantine listing and the console',
      async (_leak, source, agency, contentType, raw, status) => {
        const res = await postInbound(hub, source, agency, raw, { contentType });
        expectProblem(res, status);
        const item = await quarantined(source, raw, status);
        // Nothing an agency sent is lost: the exact bytes are kept.
        const { rows } = await hub.db.query(`SELECT body FROM inbound_messages WHERE id = $1`, [item.messageId]);
        expect(rows[0].body.replaceAll('\uFFFD', '\u0000')).toBe(raw);

        // This message's entry in the operators' listing (GET /v1/admin/quarantine), as listed.
        for (const p of PERSONAL) expect(JSON.stringify(item)).not.toContain(p);

        const page = await request(hub.url)
          .get(`/console/quarantine/${item.messageId}`)
          .set('cookie', await consoleCookie());
        expect(page.status).toBe(200);
        const masked = /<pre>([\s\S]*?)<\/pre>/.exec(page.text)![1];
        expect(masked).toContain('•');
        for (const p of PERSONAL) expect(page.text).not.toContain(p);
      },
    );

    it('the whole quarantine listing holds none of it', async () => {
      const listing = JSON.stringify(await quarantine());
      for (const p of PERSONAL) expect(listing).not.toContain(p);
    });

    it('keeps the field names of the formats readable, in the body and in error paths', async () => {
      const raw = court((m) => {
        m.defendant.dateOfBirth = '2010-02-30';
        m.defendant[NAME] = BORN;
      });
      const res = await postInbound(hub, 'court-outcomes', 'court.leeds-crown', raw);
      expect(errorPathsOf(res.body)).toEqual(expect.arrayContaining(['defendant.dateOfBirth', `defendant.${NAME}`]));
      const item = await quarantined('court-outcomes', raw, 422);
      expect(errorPathsOf(item.reason)).toEqual(
        expect.arrayContaining(['defendant.dateOfBirth', 'defendant.••• ••••••']),
      );
      const page = await request(hub.url)
        .get(`/console/quarantine/${item.messageId}`)
        .set('cookie', await consoleCookie());
      expect(page.text).toContain('&quot;dateOfBirth&quot;: &quot;•••&quot;');
    });
  });

  describe('other hostile JSON', () => {
    it('prototype-pollution keys are refused by name, and pollute nothing', async () => {
      const raw = court422(
        (m) => `{"__proto__": {"polluted": "yes"}, "constructor": {"prototype": {"polluted": "yes"}}, ${m.slice(1)}`,
      );
      const res = await postInbound(hub, 'court-outcomes', 'court.leeds-crown', raw);
      expectProblem(res, 422);
      expect(errorPathsOf(res.body)).toEqual(expect.arrayContaining(['__proto__', 'constructor']));
      expect(({} as Json).polluted).toBeUndefined();
      await quarantined('court-outcomes', raw, 422);
    });

    it('a duplicated key is read once, the last one as JSON.parse does; never a 500', async () => {
      const raw = court422((m) =>
        m
          .replace(
            '"messageType": "HEARING_RESULTED"',
            '"messageType": "NOT_A_TYPE", "messageType": "HEARING_RESULTED"',
          )
          .replace('"messageType":"HEARING_RESULTED"', '"messageType":"NOT_A_TYPE","messageType":"HEARING_RESULTED"'),
      );
      expect(raw).toContain('NOT_A_TYPE');
      const res = await postInbound(hub, 'court-outcomes', 'court.leeds-crown', raw);
      expect(res.status).toBe(202);
    });

    it('an oversized string is 422 naming its field, quarantined', async () => {
      const raw = court422((m) => m.replace(/"surname":"[^"]*"/, `"surname":"${'Ŵ'.repeat(300_000)}"`));
      const res = await postInbound(hub, 'court-outcomes', 'court.leeds-crown', raw);
      expectProblem(res, 422);
      expect(errorPathsOf(res.body)).toContain('defendant.name.surname');
      await quarantined('court-outcomes', raw, 422);
    });

    it('an array of 100 000 items is 422 naming the array, quarantined', async () => {
      const raw = court422((m) => m.replace(/"offences":\[/, `"offences":[${'{},'.repeat(100_000)}`));
      const res = await postInbound(hub, 'court-outcomes', 'court.leeds-crown', raw);
      expectProblem(res, 422);
      expect(errorPathsOf(res.body)).toContain('offences');
      await quarantined('court-outcomes', raw, 422);
    });

    it('a NUL character in a value is 422 naming its field, quarantined with the bytes as sent', async () => {
      const raw = court422((m) => m.replace(/"surname":"[^"]*"/, '"surname":"SMI\\u0000TH"'));
      expect(raw).toContain('SMI\\u0000TH');
      const res = await postInbound(hub, 'court-outcomes', 'court.leeds-crown', raw);
      expectProblem(res, 422);
      expect(res.body.errors).toEqual([
        { path: 'defendant.name.surname', message: 'must not contain the NUL character (U+0000)' },
      ]);
      await quarantined('court-outcomes', raw, 422);
    });

    it.each([
      ['court-outcomes', 'court.leeds-crown', 'text/plain'],
      ['court-outcomes', 'court.leeds-crown', 'application/x-www-form-urlencoded'],
      ['passport-watchlist', 'hmpo', 'application/json'],
    ])('%s sent as %s: 415, quarantined', async (source, agency, contentType) => {
      const raw = source === 'passport-watchlist' ? HIT_XML : court422((m) => m);
      const res = await postInbound(hub, source, agency, raw, { contentType });
      expectProblem(res, 415);
      await quarantined(source, raw, 415);
    });
  });
});

const errorPathsOf = (problem: Json): string[] => (problem.errors ?? []).map((e: { path: string }) => e.path);

/** A fresh court hearing as JSON text, edited as text. */
function court422(edit: (json: string) => string): string {
  const m = courtExample('hearing-resulted-shpo');
  m.messageId = `HOSTILE-${randomUUID()}`;
  m.defendant.courtDefendantId = `D-${randomUUID()}`;
  return edit(JSON.stringify(m));
}
