import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import request from 'supertest';
import { courtExample, pncExample, probationExample } from '../kit/examples';
import { postInbound } from '../kit/http';
import { DEFAULT_AGENCIES, DEFAULT_AGREEMENTS, HMPO_AGENCY, HMPO_AGREEMENT, startTestHub, type TestHub } from '../kit/test-hub';

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
    hub = await startTestHub({ agencies: [...DEFAULT_AGENCIES, HMPO_AGENCY], agreements: [...DEFAULT_AGREEMENTS, HMPO_AGREEMENT] });
  });

  afterAll(async () => {
    await hub?.close();
  });

  const operator = async () => `Bearer ${await hub.token('hub.operators')}`;
  const quarantine = async (): Promise<Json[]> => {
    const res = await request(hub.url).get('/v1/admin/quarantine?limit=500').set('authorization', await operator());
    expect(res.status).toBe(200);
    return res.body.items;
  };
  /** The quarantined copy of exactly this body, with the status it was refused with. */
  const quarantined = async (source: string, raw: string, status: number): Promise<Json> => {
    const items = (await quarantine()).filter((i) => i.adapter === source && i.bodySha256 === sha256(raw) && i.reason.status === status);
    expect(items).toHaveLength(1);
    return items[0];
  };
  const expectProblem = (res: request.Response, status: number) => {
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toContain('application/problem+json');
  };

  describe('a source timestamp ahead of the hub clock (item 19)', () => {
    const at = (minutesAhead: number) => new Date(Date.now() + minutesAhead * 60_000).toISOString().replace(/\.\d+Z$/, 'Z');
    const sources: [string, string, string, (stamp: string) => Json][] = [
      ['court-outcomes', 'sentAt', 'court.leeds-crown', (s) => ({ ...courtExample('hearing-resulted-shpo'), messageId: `FUT-${randomUUID()}`, sentAt: s })],
      ['probation', 'occurredAt', 'probation.yorkshire', (s) => ({ ...probationExample('risk-assessment-completed'), eventId: `FUT-${randomUUID()}`, occurredAt: s })],
      ['pnc', 'recordedAt', 'police.west-yorkshire', (s) => ({ ...pncExample('caution-recorded'), updateId: `FUT-${randomUUID()}`, recordedAt: s })],
    ];

    it.each(sources)('%s: 6 minutes ahead is 422 naming %s, quarantined', async (source, field, agency, build) => {
      const raw = JSON.stringify(build(at(6)));
      const res = await postInbound(hub, source, agency, raw);
      expectProblem(res, 422);
      expect(res.body.errors).toEqual([{ path: field, message: "must not be more than 5 minutes ahead of the hub's clock" }]);
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
      const raw = HIT_XML.replace('<HitId>', `${'<!-- <a> -->'.repeat(100)}<![CDATA[${'<b>'.repeat(100)}]]>${'<c/>'.repeat(100)}<HitId>`);
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
});
