import {
  InMemorySpanExporter,
  NodeTracerProvider,
  SimpleSpanProcessor,
  type ReadableSpan,
} from '@opentelemetry/sdk-trace-node';
import { randomBytes } from 'node:crypto';
import { courtExample } from '../kit/examples';
import { postCourtOutcome, subscribe } from '../kit/http';
import { startTestHub, type TestHub } from '../kit/test-hub';
import { WebhookReceiver } from '../kit/webhook-receiver';
import { exporterFromEnvironment, startTracing } from '../../src/tracing/start-tracing';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
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
        s.filter((x) => x.name === 'process deliver.police.west-yorkshire' && x.spanContext().traceId === traceId)
          .length >= police.received.length,
    );
    const inbound = spans.find((s) => s.name === 'POST /v1/inbound/:source' && s.spanContext().traceId === traceId)!;
    expect(inbound).toBeDefined();
    const deliveries = spans.filter(
      (s) => s.name === 'deliver police.west-yorkshire' && s.spanContext().traceId === traceId,
    );
    const inTrace = spans.filter((s) => s.spanContext().traceId === traceId);
    const byId = new Map(inTrace.map((s) => [s.spanContext().spanId, s]));
    const parentOf = (s: ReadableSpan) => byId.get(s.parentSpanContext?.spanId ?? '');
    // The ingestion's Postgres queries are children of the inbound request.
    const ingestionQueries = inTrace.filter((s) => s.name.startsWith('pg ') && parentOf(s) === inbound);
    expect(ingestionQueries.map((s) => s.name)).toEqual(
      expect.arrayContaining(['pg INSERT inbound_messages', 'pg WITH events', 'pg COMMIT']),
    );
    for (const q of ingestionQueries) expect(q.attributes['db.system.name']).toBe('postgresql');
    // The router adds each delivery job in a producer span of the event's trace, its Redis call inside.
    const publishes = inTrace.filter((s) => s.name === 'publish deliver.police.west-yorkshire');
    expect(publishes.length).toBeGreaterThanOrEqual(2);
    for (const p of publishes) {
      expect(parentOf(p)).toBe(inbound);
      expect(inTrace.some((s) => s.name.startsWith('redis ') && parentOf(s) === p)).toBe(true);
    }
    for (const d of deliveries) {
      // Each attempt is sent inside the worker's consumer span, which runs its queries too.
      const consumer = parentOf(d)!;
      expect(consumer.name).toBe('process deliver.police.west-yorkshire');
      expect(consumer.attributes).toMatchObject({
        'messaging.system': 'bullmq',
        'messaging.operation.type': 'process',
      });
      expect(parentOf(consumer)).toBe(inbound);
      expect(d.attributes['http.response.status_code']).toBe(204);
    }
    // The worker's queries run in its consumer span; concurrent jobs share batched queries
    // (Batcher), which then run in one job's span, so not every consumer has its own.
    const consumers = deliveries.map((d) => parentOf(d));
    expect(inTrace.some((s) => s.name.startsWith('pg ') && consumers.includes(parentOf(s)))).toBe(true);
    expect(publishes.map((p) => p.attributes['messaging.message.id']).sort()).toEqual(
      deliveries.map((d) => d.attributes['hub.delivery_id']).sort(),
    );
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

describe('OTEL_TRACES_EXPORTER=otlp', () => {
  it('sends finished spans to the collector at OTEL_EXPORTER_OTLP_ENDPOINT', async () => {
    const received: { path?: string; type?: string; body: any }[] = [];
    const collector = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => {
        received.push({
          path: req.url,
          type: req.headers['content-type'],
          body: JSON.parse(Buffer.concat(chunks).toString('utf8')),
        });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((r) => collector.listen(0, '127.0.0.1', r));
    try {
      const { port } = collector.address() as AddressInfo;
      expect(exporterFromEnvironment({})).toBeUndefined();
      const otlp = exporterFromEnvironment({
        OTEL_TRACES_EXPORTER: 'otlp',
        OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}/`,
      })!;
      // A span of its own provider (the suite's is shut down by now).
      const memory = new InMemorySpanExporter();
      const local = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(memory)] });
      local.getTracer('test').startSpan('POST /v1/inbound/:source').end();
      const [span] = memory.getFinishedSpans();
      const result = await new Promise<{ code: number }>((r) => otlp.export([span], r));
      expect(result.code).toBe(0); // ExportResultCode.SUCCESS
      await otlp.shutdown();
      expect(received).toHaveLength(1);
      expect(received[0].path).toBe('/v1/traces');
      expect(received[0].type).toMatch(/application\/json/);
      const sent = received[0].body.resourceSpans[0].scopeSpans[0].spans[0];
      expect(sent).toMatchObject({ name: 'POST /v1/inbound/:source', traceId: span.spanContext().traceId });
    } finally {
      collector.close();
    }
  });
});
