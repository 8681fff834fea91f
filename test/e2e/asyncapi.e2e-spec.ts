import request from 'supertest';
import { parse } from 'yaml';
import { EVENT_TYPES, HUB_EVENT_TYPES, OPERATIONAL_EVENT_TYPES } from '../../src/canonical/event-types';
import { startTestHub, type TestHub } from '../kit/test-hub';

describe('GET /asyncapi.yaml on a running hub', () => {
  let hub: TestHub;

  beforeAll(async () => {
    hub = await startTestHub();
  });

  afterAll(async () => {
    await hub?.close();
  });

  it('serves the AsyncAPI 3 event catalogue as YAML, without a token', async () => {
    const res = await request(hub.url)
      .get('/asyncapi.yaml')
      .buffer(true)
      .parse((r, done) => {
        let text = '';
        r.setEncoding('utf8');
        r.on('data', (chunk: string) => (text += chunk));
        r.on('end', () => done(null, text));
      });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/yaml; charset=utf-8');
    const doc = parse(res.body as string);
    expect(doc.asyncapi).toBe('3.0.0');
    expect(doc.components.messages).toHaveProperty(['conviction.recorded']);
    expect(Object.keys(doc.components.messages).sort()).toEqual(
      [...EVENT_TYPES, ...HUB_EVENT_TYPES, ...OPERATIONAL_EVENT_TYPES].sort(),
    );
  });

  it('is not listed in the OpenAPI document', async () => {
    const openapi = (await request(hub.url).get('/openapi.json')).body;
    expect(Object.keys(openapi.paths)).not.toContain('/asyncapi.yaml');
  });
});
