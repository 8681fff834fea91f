import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-node';
import { randomBytes } from 'node:crypto';
import { courtExample } from '../kit/examples';
import { postCourtOutcome, subscribe } from '../kit/http';
import { startTestHub, type TestHub } from '../kit/test-hub';
import { WebhookReceiver } from '../kit/webhook-receiver';
import { startTracing } from '../../src/tracing/start-tracing';
import request from 'supertest';
import { randomUUID } from 'node:crypto';

const exporter = new InMemorySpanExporter();
const provider = startTracing(exporter);
const traceIdOf = (traceparent: unknown) => String(traceparent).split('-')[1];

async function spansUntil(match: (spans: ReadableSpan[]) => boolean): Promise<ReadableSpan[]> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const spans = exporter.getFinishedSpans();
    if (match(spans)) return spans;
    if (Date.now() > deadline) throw new Error(`spans not seen: ${spans.map((s) => s.name).join(', ')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('one trace from an inbound message to each of its deliveries', () => {
  let hub: TestHub;
  const police = new WebhookReceiver();
  beforeAll(async () => {
    hub = await startTestHub();
    await police.start();
    expect(
      (
        await subscribe(hub, 'police.west-yorkshire', police.url, [
          'subject.created',
          'conviction.recorded',
          'order.discharged',
        ])
      ).status,
    ).toBe(201);
  });
  afterAll(async () => {
    await hub?.close();
    await police.close();
    await provider.shutdown();
  });

  it("continues the sender's traceparent through ingestion to every delivery (header and CloudEvent)", async () => {
    const traceId = randomBytes(16).toString('hex');
    const res = await request(hub.url)
      .post('/v1/inbound/court-outcomes')
      .set('authorization', `Bearer ${await hub.token('court.leeds-crown')}`)
      .set('idempotency-key', randomUUID())
      .set('content-type', 'application/json')
      .set('traceparent', `00-${traceId}-${randomBytes(8).toString('hex')}-01`)
      .send(JSON.stringify(courtExample('hearing-resulted-shpo')));
    expect(res.status).toBe(202);
    await police.waitFor((r) => r.length >= 2);
    for (const delivery of police.received) {
      expect(traceIdOf(delivery.headers.traceparent)).toBe(traceId);
      expect(traceIdOf(delivery.event.traceparent)).toBe(traceId);
      // The header names this attempt's span; the event, the span it was raised in.
      expect(delivery.headers.traceparent).not.toBe(delivery.event.traceparent);
    }
    const spans = await spansUntil(
      (s) =>
        s.filter((x) => x.name === 'deliver police.west-yorkshire' && x.spanContext().traceId === traceId).length >= 2,
    );
    const inbound = spans.find((s) => s.name === 'POST /v1/inbound/:source' && s.spanContext().traceId === traceId)!;
    expect(inbound).toBeDefined();
    const deliveries = spans.filter(
      (s) => s.name === 'deliver police.west-yorkshire' && s.spanContext().traceId === traceId,
    );
    for (const d of deliveries) {
      expect(d.parentSpanContext?.spanId).toBe(inbound.spanContext().spanId);
      expect(d.attributes['http.response.status_code']).toBe(204);
    }
    const sent = new Set(police.received.map((r) => String(r.headers.traceparent).split('-')[2]));
    for (const d of deliveries) expect(sent).toContain(d.spanContext().spanId);
  });

  it('starts a trace for a message sent without one, and its deliveries join it', async () => {
    const before = police.received.length;
    expect((await postCourtOutcome(hub, 'court.leeds-crown', courtExample('order-discharged'))).status).toBe(202);
    await police.waitFor((r) => r.length > before);
    const delivered = police.received.slice(before);
    const traceId = traceIdOf(delivered[0].event.traceparent);
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);
    const spans = await spansUntil((s) =>
      s.some((x) => x.name === 'POST /v1/inbound/:source' && x.spanContext().traceId === traceId),
    );
    expect(spans.filter((s) => s.spanContext().traceId === traceId).map((s) => s.name)).toContain(
      'POST /v1/inbound/:source',
    );
  });
});
