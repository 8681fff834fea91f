import request from 'supertest';
import { PROBLEM_CATALOGUE, PROBLEM_CODES, problemType } from '../../src/common/problem-catalogue';
import { inboundAdapterList } from '../../adapters/inbound/inbound-adapter-list';
import { startTestHub, type TestHub } from '../kit/test-hub';

describe('the documents under /docs, on a running hub: problem pages and the OpenAPI list of sources', () => {
  let hub: TestHub;

  beforeAll(async () => {
    hub = await startTestHub();
  });

  afterAll(async () => {
    await hub?.close();
  });

  it('serves a page for every catalogue entry, saying what it means and what to do, without a token', async () => {
    for (const code of PROBLEM_CODES) {
      const res = await request(hub.url).get(problemType(code));
      expect({ code, status: res.status }).toEqual({ code, status: 200 });
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.text).toContain(code);
      expect(res.text).toContain(String(PROBLEM_CATALOGUE[code].status));
      expect(res.text).toContain('What it means');
      expect(res.text).toContain('What to do');
    }
  });

  it('lists every code on the index, each linked to its page', async () => {
    const res = await request(hub.url).get('/docs/problems');
    expect(res.status).toBe(200);
    for (const code of PROBLEM_CODES) expect(res.text).toContain(`href="${problemType(code)}"`);
  });

  it('answers errors with a type that names a served page, statuses and field errors as api.md fixes', async () => {
    const unauthenticated = await request(hub.url).get('/v1/subjects/00000000-0000-4000-8000-000000000000');
    expect(unauthenticated.status).toBe(401);
    expect(unauthenticated.body.type).toBe('/docs/problems/unauthenticated');
    expect((await request(hub.url).get(unauthenticated.body.type)).status).toBe(200);

    const invalid = await request(hub.url)
      .post('/v1/inbound/court-outcomes')
      .set('authorization', `Bearer ${await hub.token('court.leeds-crown')}`)
      .set('idempotency-key', 'problem-docs-1')
      .send({ schemaVersion: '1.0' });
    expect(invalid.status).toBe(422);
    expect(invalid.body).toMatchObject({ type: '/docs/problems/validation-failed', status: 422 });
    expect(invalid.body.errors).toEqual(expect.arrayContaining([{ path: 'messageId', message: expect.any(String) }]));

    const unknownRoute = await request(hub.url).get('/v1/no-such-thing');
    expect(unknownRoute.status).toBe(404);
    expect(unknownRoute.body.type).toBe('/docs/problems/route-not-found');
  });

  it('answers an unknown problem name with a 404 problem', async () => {
    const res = await request(hub.url).get('/docs/problems/no-such-problem');
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toContain('application/problem+json');
  });

  it('documents one inbound operation per registered adapter, each with a body schema, and no generic route', async () => {
    const openapi = (await request(hub.url).get('/openapi.json')).body;
    const inbound = Object.keys(openapi.paths).filter((p) => p.startsWith('/v1/inbound/'));
    const names = inboundAdapterList(new Map()).map((a) => a.name);
    expect(inbound).toEqual(names.map((n) => `/v1/inbound/${n}`));
    expect(names).toEqual(expect.arrayContaining(['court-outcomes', 'prison', 'passport-watchlist']));
    for (const path of inbound) {
      const content = openapi.paths[path].post.requestBody.content;
      for (const media of Object.values(content) as { schema: { $ref: string } }[])
        expect(openapi.components.schemas[media.schema.$ref.split('/').pop()!]).toMatchObject({ type: 'object' });
    }
    expect(Object.keys(openapi.paths['/v1/inbound/passport-watchlist'].post.requestBody.content)).toEqual([
      'application/xml',
      'text/xml',
    ]);
  });

  it('names HUB_PUBLIC_URL as the server where the deployment has one (this hub: relative /)', async () => {
    expect((await request(hub.url).get('/openapi.json')).body.servers).toEqual([{ url: '/' }]);
    const published = await startTestHub({ env: { HUB_PUBLIC_URL: 'https://hub.example.gov.uk/' } });
    try {
      const openapi = (await request(published.url).get('/openapi.json')).body;
      expect(openapi.servers).toEqual([{ url: 'https://hub.example.gov.uk' }]);
    } finally {
      await published.close();
    }
  });
});
