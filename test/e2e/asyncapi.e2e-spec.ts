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

  describe('GET /docs/events: the catalogue for people', () => {
    let html: string;

    beforeAll(async () => {
      const res = await request(hub.url).get('/docs/events');
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      // Nothing but the page: no script, style or outside asset may load.
      expect(res.headers['content-security-policy']).toMatch(/default-src 'none'/);
      html = res.text;
    });

    it('is public, and lists every event type with its own section, who gets it, its fields and an example', () => {
      for (const type of EVENT_TYPES) {
        const start = html.indexOf(`<section id="${type}">`);
        expect({ type, found: start >= 0 }).toEqual({ type, found: true });
        const section = html.slice(start, html.indexOf('</section>', start));
        expect(section).toContain('Who gets it');
        expect(section).toContain(`href="/docs/events/${type}.schema.json"`);
        expect(section).toContain('Fields of <code>data</code>');
        expect(section).toContain('<details><summary>Example</summary>');
        // The example is the projected CloudEvent, escaped.
        expect(section).toContain(`&quot;type&quot;: &quot;${type}&quot;`);
        expect(section).toContain('&quot;sequence&quot;: &quot;000000000000000000');
      }
    });

    it('has no script, style or external asset, and escapes what it shows', () => {
      expect(html).not.toMatch(/<script|<style|style=|<link|<img|src=/i);
      expect(html).not.toMatch(/https?:\/\/(?!json-schema\.org)/);
      // the example JSON is shown as text, never markup
      expect(html).not.toContain('"specversion"');
    });

    it('serves the JSON Schema each CloudEvent names as its dataschema, and 404 for an unknown type', async () => {
      const res = await request(hub.url).get('/docs/events/order.made.schema.json');
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^application\/schema\+json/);
      expect(res.body.$schema).toBe('http://json-schema.org/draft-07/schema#');
      expect(Object.keys(res.body.properties).sort()).toEqual(['order', 'subject']);
      expect(res.body.definitions).toHaveProperty('Order');
      const unknown = await request(hub.url).get('/docs/events/no.such.event.schema.json');
      expect(unknown.status).toBe(404);
      expect(unknown.headers['content-type']).toContain('application/problem+json');
    });
  });
});
