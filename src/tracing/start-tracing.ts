import {
  ConsoleSpanExporter,
  NodeTracerProvider,
  SimpleSpanProcessor,
  BatchSpanProcessor,
  type SpanExporter,
} from '@opentelemetry/sdk-trace-node';

/**
 * Registers the global tracer provider: W3C trace context propagation and an AsyncLocalStorage
 * context manager, so a span started at the HTTP edge is the parent of whatever the request
 * does. `exporter`: where finished spans go (tests pass an in-memory one); without one the hub
 * still creates and propagates trace ids (traceparent in and out) and exports nothing.
 */
export function startTracing(exporter?: SpanExporter, options: { batch?: boolean } = {}): NodeTracerProvider {
  const spanProcessors = exporter
    ? [options.batch ? new BatchSpanProcessor(exporter) : new SimpleSpanProcessor(exporter)]
    : [];
  const provider = new NodeTracerProvider({ spanProcessors });
  provider.register();
  return provider;
}

/** OTEL_TRACES_EXPORTER=console prints spans (debugging); anything else exports none. */
export function exporterFromEnvironment(env: NodeJS.ProcessEnv = process.env): SpanExporter | undefined {
  return env.OTEL_TRACES_EXPORTER === 'console' ? new ConsoleSpanExporter() : undefined;
}
