import { Parser, type AsyncAPIDocumentInterface } from '@asyncapi/parser';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { createPublicKey, verify } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { parse, stringify } from 'yaml';
import { EVENT_TYPES, HUB_EVENT_TYPES, OPERATIONAL_EVENT_TYPES } from '../canonical/event-types';
import { asyncApiYaml, buildAsyncApiDocument, eventDataJsonSchema } from './asyncapi-document';
import { EXAMPLE_PUBLIC_JWK, EXAMPLE_SECRET } from './event-examples';

/** A JSON Schema validator for the catalogue's schemas (extension keywords such as x-field-paths ignored). */
function validator() {
  const ajv = new Ajv({ strict: false, allErrors: true });
  (addFormats as unknown as (a: Ajv) => void)(ajv);
  return ajv;
}
const errorsOf = (ajv: Ajv, schema: unknown, value: unknown) => {
  const validate = ajv.compile(schema as object);
  return validate(value) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
};

// Spectral's DiagnosticSeverity: 0 error, 1 warning, 2 information, 3 hint.
const WARNING = 1;

async function parseCatalogue(yaml: string) {
  const { document, diagnostics } = await new Parser().parse(yaml);
  return {
    document,
    errors: diagnostics.filter((d) => d.severity <= WARNING).map((d) => `${d.path.join('.')}: ${d.message}`),
  };
}

/** Every event type the document describes, read from wherever it could be listed. */
function eventTypesOf(document: AsyncAPIDocumentInterface): {
  components: string[];
  channels: Record<string, string[]>;
  operations: Record<string, string[]>;
} {
  const names = (messages: { all(): { name(): string | undefined }[] }) => messages.all().map((m) => m.name() ?? '');
  return {
    components: names(document.components().messages()),
    channels: Object.fromEntries(
      document
        .channels()
        .all()
        .map((c) => [c.id(), names(c.messages())]),
    ),
    operations: Object.fromEntries(
      document
        .operations()
        .all()
        .map((o) => [o.id(), names(o.messages())]),
    ),
  };
}

const sorted = (xs: readonly string[]) => [...xs].sort();

describe('GET /asyncapi.yaml: the AsyncAPI 3 event catalogue', () => {
  let document: AsyncAPIDocumentInterface;

  beforeAll(async () => {
    const parsed = await parseCatalogue(asyncApiYaml());
    expect(parsed.errors).toEqual([]);
    document = parsed.document!;
  });

  it('parses with the official AsyncAPI parser, AsyncAPI 3.0, with no error or warning diagnostics', () => {
    expect(document).toBeDefined();
    expect(document.version()).toBe('3.0.0');
  });

  it('describes exactly the event types of the code (EVENT_TYPES, HUB_EVENT_TYPES, OPERATIONAL_EVENT_TYPES), both ways, in every channel and operation', () => {
    const found = eventTypesOf(document);
    const pushed = sorted([...EVENT_TYPES, ...HUB_EVENT_TYPES]);
    const pulled = sorted([...EVENT_TYPES, ...OPERATIONAL_EVENT_TYPES]);
    expect(sorted(found.components)).toEqual(sorted([...EVENT_TYPES, ...HUB_EVENT_TYPES, ...OPERATIONAL_EVENT_TYPES]));
    expect(Object.keys(found.channels).sort()).toEqual(['feed', 'webhook']);
    // The hub's own events (a subscription's test) are sent to webhooks, never put in a feed;
    // operational events (adr/0023) come only through the feed: a failing webhook cannot carry them.
    expect(sorted(found.channels.webhook)).toEqual(pushed);
    expect(sorted(found.channels.feed)).toEqual(pulled);
    expect(Object.keys(found.operations).sort()).toEqual(['pullFeed', 'receiveWebhook']);
    expect(sorted(found.operations.receiveWebhook)).toEqual(pushed);
    expect(sorted(found.operations.pullFeed)).toEqual(pulled);
  });

  it('describes the test event as the hub sends it: no subject, sequence or agreement, and no personal data', () => {
    const doc = parse(asyncApiYaml());
    const envelope = doc.components.schemas.HubCloudEvent;
    expect(envelope.required).not.toEqual(expect.arrayContaining(['subject']));
    for (const absent of ['subject', 'sequence', 'agreement']) expect(envelope.properties).not.toHaveProperty(absent);
    const data = doc.components.messages['hub.subscription.test'].payload.allOf[1].properties.data;
    expect(Object.keys(data.properties.test.properties).sort()).toEqual(['requestedAt', 'subscriptionId']);
  });

  it('describes each operational event with ids, counts, codes and times only', () => {
    const doc = buildAsyncApiDocument() as any;
    for (const type of OPERATIONAL_EVENT_TYPES) {
      const data = doc.components.messages[type].payload.allOf[1].properties.data;
      expect(data.additionalProperties).toBe(false);
      expect(Object.keys(data.properties)).toContain('subscriptionId');
      expect(Object.keys(data.properties).filter((k) => /name|birth|address|subject(?!.*Id)/i.test(k))).toEqual([]);
    }
    expect(doc.components.schemas.OperationalCloudEvent.required).not.toContain('agreement');
  });

  it('gives each message a payload: the CloudEvent envelope with its own type and a data schema', () => {
    for (const message of document.components().messages().all()) {
      expect(message.hasPayload()).toBe(true);
      const payload = message.payload()!.json() as { allOf: { properties?: Record<string, any> }[] };
      const own = payload.allOf.find((s) => s.properties?.type?.const !== undefined);
      expect(own?.properties?.type.const).toBe(message.name());
      expect(own?.properties?.data.type).toBe('object');
      expect(message.extensions().get('x-raised-by')?.value()).toEqual(expect.any(String));
    }
  });

  it('notices an event type missing from the document', async () => {
    const doc = buildAsyncApiDocument() as any;
    const gone = 'conviction.recorded';
    delete doc.components.messages[gone];
    for (const channel of Object.values<any>(doc.channels)) delete channel.messages[gone];
    for (const operation of Object.values<any>(doc.operations)) {
      operation.messages = operation.messages.filter((m: { $ref: string }) => !m.$ref.endsWith(`/${gone}`));
    }
    const parsed = await parseCatalogue(stringify(doc));
    expect(parsed.errors).toEqual([]);
    const found = eventTypesOf(parsed.document!);
    expect(found.components).not.toContain(gone);
    expect(sorted(found.components)).not.toEqual(sorted(EVENT_TYPES));
  });

  it('documents projection, the extension attributes and the Standard Webhooks headers', () => {
    const doc = parse(asyncApiYaml());
    const envelope = doc.components.schemas.CloudEvent;
    for (const attribute of ['agreement', 'classification', 'sequence'])
      expect(envelope.properties).toHaveProperty(attribute);
    expect(doc.components.schemas.WebhookHeaders.required).toEqual(
      expect.arrayContaining(['webhook-id', 'webhook-timestamp', 'webhook-signature']),
    );
    expect(doc.components.schemas.WebhookHeaders.properties['webhook-signature'].description).toMatch(
      /v1a,.*ed25519.*v1,.*HMAC/s,
    );
    expect(doc.operations.pullFeed.bindings.http.method).toBe('GET');
    expect(doc.channels.feed.address).toBe('/v1/feed');
    // data is projected: nothing in it is required, and absence (not null) is documented.
    const data = doc.components.messages['conviction.recorded'].payload.allOf[1].properties.data;
    expect(data.required).toBeUndefined();
    expect(data.description).toMatch(/absent, never null/);
    expect(Object.keys(data.properties).sort()).toEqual(['conviction', 'subject']);
    expect(data.properties.conviction['x-field-paths']).toEqual(['conviction']);
    expect(
      doc.components.messages['risk.level.changed'].payload.allOf[1].properties.data.properties.risk['x-field-paths'],
    ).toEqual(['risk', 'risk.roshOverall', 'risk.plans']);
    const plan = doc.components.messages['risk.plan.recorded'].payload.allOf[1].properties.data.properties.risk;
    expect(plan.allOf[0].properties.plans['x-field-path']).toBe('risk.plans');
    expect(doc.components.schemas.RiskManagementPlan.required).toEqual([
      'planId',
      'recordedOn',
      'assessmentCompletedOn',
      'summary',
      'reviewOn',
      'provenance',
    ]);
    expect(doc.components.messages['subject.merged']['x-raised-by']).toMatch(/subject-merger/);
    // Hub references travel outside the field allow-list, and the catalogue says so.
    expect(
      doc.components.messages['subject.merged'].payload.allOf[1].properties.data.properties.mergedSubjectId.description,
    ).toMatch(/hub reference/);
  });

  it('is YAML a client can read back into the same document', () => {
    expect(parse(asyncApiYaml())).toEqual(JSON.parse(JSON.stringify(buildAsyncApiDocument())));
  });

  describe('examples', () => {
    const ajv = validator();

    it('gives every message one example that validates against its payload and headers schemas', () => {
      const messages = document.components().messages().all();
      expect(sorted(messages.map((m) => m.name() ?? ''))).toEqual(
        sorted([...EVENT_TYPES, ...HUB_EVENT_TYPES, ...OPERATIONAL_EVENT_TYPES]),
      );
      for (const message of messages) {
        const examples = message.examples().all();
        expect({ type: message.name(), count: examples.length }).toEqual({ type: message.name(), count: 1 });
        const [example] = examples;
        const payload = example.payload() as Record<string, unknown>;
        expect(payload.type).toBe(message.name());
        expect({ type: message.name(), errors: errorsOf(ajv, message.payload()!.json(), payload) }).toEqual({
          type: message.name(),
          errors: [],
        });
        // Operational events are only ever read from the feed: they have no webhook headers.
        if (message.hasHeaders()) expect(errorsOf(ajv, message.headers()!.json(), example.headers())).toEqual([]);
        else expect((OPERATIONAL_EVENT_TYPES as readonly string[]).includes(message.name() ?? '')).toBe(true);
        // Not an empty shell: the data holds what the event is about.
        expect(Object.keys(payload.data as object).length).toBeGreaterThan(0);
      }
    });

    it('each example data validates against the stand-alone JSON Schema its dataschema names', () => {
      const doc = parse(asyncApiYaml());
      for (const type of EVENT_TYPES) {
        const [example] = doc.components.messages[type].examples;
        expect(example.payload.dataschema).toBe(`/docs/events/${type}.schema.json`);
        expect({ type, errors: errorsOf(ajv, eventDataJsonSchema(type), example.payload.data) }).toEqual({
          type,
          errors: [],
        });
      }
    });

    it('the validation can fail: an integer sequence, a wrong type of fact, a stray null are refused', () => {
      const message = document.components().messages().get('conviction.recorded')!;
      const good = message.examples().all()[0].payload() as Record<string, any>;
      const schema = message.payload()!.json();
      expect(errorsOf(ajv, schema, { ...good, sequence: 1 })).not.toEqual([]);
      expect(errorsOf(ajv, schema, { ...good, data: { ...good.data, conviction: { court: 'Leeds' } } })).not.toEqual(
        [],
      );
      expect(
        errorsOf(ajv, eventDataJsonSchema('conviction.recorded'), { ...good.data, subject: { names: null } }),
      ).not.toEqual([]);
    });

    it('example headers verify with the published example secret (v1) and key (v1a), so a receiver can test against them', () => {
      const doc = parse(asyncApiYaml());
      const [example] = doc.components.messages['order.made'].examples;
      const body = JSON.stringify(example.payload);
      expect(() => new Webhook(EXAMPLE_SECRET).verify(body, example.headers)).toThrow(/timestamp/i);
      // Standard Webhooks refuses old timestamps; the signature itself is checked without the clock:
      const signed = `${example.headers['webhook-id']}.${example.headers['webhook-timestamp']}.${body}`;
      const v1a = example.headers['webhook-signature'].split(' ')[0].slice(4);
      const key = createPublicKey({ key: EXAMPLE_PUBLIC_JWK, format: 'jwk' });
      expect(verify(null, Buffer.from(signed), key, Buffer.from(v1a, 'base64'))).toBe(true);
      expect(verify(null, Buffer.from(`${signed} `), key, Buffer.from(v1a, 'base64'))).toBe(false);
    });
  });
});
