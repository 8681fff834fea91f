import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import request from 'supertest';
import { HubReceiver } from '../../adapters/receiver-kit';
import { courtExample } from '../kit/examples';
import { postCourtOutcome, subscribe } from '../kit/http';
import { startTestHub, type TestHub } from '../kit/test-hub';
import { WebhookReceiver } from '../kit/webhook-receiver';

const EVENT_TYPES = ['subject.created', 'conviction.recorded', 'registration.started', 'order.made'];

describe("the receiver kit on a running hub's deliveries", () => {
  let hub: TestHub;
  const police = new WebhookReceiver();
  let secret: string;

  beforeAll(async () => {
    hub = await startTestHub();
    await police.start();
    const res = await subscribe(hub, 'police.west-yorkshire', police.url, EVENT_TYPES);
    expect(res.status).toBe(201);
    secret = res.body.secret;
    expect((await postCourtOutcome(hub, 'court.leeds-crown', courtExample('hearing-resulted-shpo'))).status).toBe(202);
    await police.waitFor((r) => EVENT_TYPES.every((t) => r.some((x) => x.event.type === t)));
  });

  afterAll(async () => {
    await hub?.close();
    await police.close();
  });

  it("verifies every delivery with the subscription secret and the hub's JWKS URL, and takes each once", async () => {
    const kit = new HubReceiver({ secrets: secret, jwks: new URL('/.well-known/jwks.json', hub.url) });
    const kid = (await request(hub.url).get('/.well-known/jwks.json')).body.keys[0].kid;
    for (const delivery of police.received) {
      const receipt = await kit.receive(delivery.body, delivery.headers);
      expect(receipt).toMatchObject({ outcome: 'accepted', verification: { ok: true, v1: 'ok', v1a: 'ok', kid } });
    }
    // A second arrival of each (the hub's at-least-once) is dropped by webhook-id.
    for (const delivery of police.received)
      expect((await kit.receive(delivery.body, delivery.headers)).outcome).toBe('duplicate');
    // Altered in transit: refused.
    const [first] = police.received;
    expect((await kit.receive(first.body.replace('"data":{', '"data":{"x":1,'), first.headers)).outcome).toBe(
      'refused',
    );
  });

  it("each event's data validates against the JSON Schema its dataschema names, served by the hub", async () => {
    const ajv = new Ajv({ strict: false, allErrors: true });
    (addFormats as unknown as (a: Ajv) => void)(ajv);
    for (const { event } of police.received) {
      const schema = await request(hub.url).get(event.dataschema);
      expect(schema.status).toBe(200);
      const validate = ajv.compile(schema.body);
      const ok = validate(event.data);
      expect({ type: event.type, errors: ok ? [] : validate.errors }).toEqual({ type: event.type, errors: [] });
    }
  });
});
