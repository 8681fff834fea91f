import {
  ConsoleSpanExporter,
  NodeTracerProvider,
  SimpleSpanProcessor,
  BatchSpanProcessor,
  type SpanExporter,
} from '@opentelemetry/sdk-trace-node';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { tracePostgres } from './pg-spans';
import { traceRedis } from './redis-spans';

/**
 * Registers the global tracer provider: W3C trace context propagation and an AsyncLocalStorage
 * context manager, so a span started at the HTTP edge is the parent of whatever the request
 * does. `exporter`: where finished spans go (tests pass an in-memory one); without one the hub
 * still creates and propagates trace ids (traceparent in and out) and exports nothing. Postgres
 * queries and Redis commands made inside a trace get spans of their own (pg-spans, redis-spans).
 */
export function startTracing(exporter?: SpanExporter, options: { batch?: boolean } = {}): NodeTracerProvider {
  const spanProcessors = exporter
    ? [options.batch ? new BatchSpanProcessor(exporter) : new SimpleSpanProcessor(exporter)]
    : [];
  const provider = new NodeTracerProvider({ spanProcessors });
  provider.register();
  tracePostgres();
  traceRedis();
  return provider;
}

/**
 * OTEL_TRACES_EXPORTER (the OpenTelemetry variable): `otlp` sends spans as OTLP/HTTP protobuf to
 * OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, or OTEL_EXPORTER_OTLP_ENDPOINT + `/v1/traces`
 * (headers from OTEL_EXPORTER_OTLP_HEADERS, read by the exporter); `console` prints them
 * (debugging); unset or `none` exports nothing.
 */
export function exporterFromEnvironment(env: NodeJS.ProcessEnv = process.env): SpanExporter | undefined {
  switch (env.OTEL_TRACES_EXPORTER) {
    case 'otlp': {
      const base = env.OTEL_EXPORTER_OTLP_ENDPOINT?.replace(/\/+$/, '');
      const url = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || (base ? `${base}/v1/traces` : undefined);
      return new OTLPTraceExporter(url ? { url } : {});
    }
    case 'console':
      return new ConsoleSpanExporter();
    default:
      return undefined;
  }
}
