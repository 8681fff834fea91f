import { context, SpanKind, SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import { contextFrom, hubTracer } from './tracer';

/**
 * Spans at the BullMQ boundary. A job carries ids only, not a trace: both ends take the trace of
 * the event the work is for (events.trace_context, the inbound request's), so the producer
 * (the router adding a delivery job) and the consumer (the worker processing it) sit in the
 * inbound message's trace, and whatever runs inside them (Postgres, Redis, the HTTP call) too.
 */
export function inQueueSpan<T>(
  kind: 'publish' | 'process',
  queue: string,
  jobId: string,
  traceparent: string | null | undefined,
  work: () => Promise<T>,
): Promise<T> {
  const parent = contextFrom(traceparent ? { traceparent } : {});
  if (!trace.getSpan(parent)) return work();
  const span = hubTracer().startSpan(
    `${kind} ${queue}`,
    {
      kind: kind === 'publish' ? SpanKind.PRODUCER : SpanKind.CONSUMER,
      attributes: {
        'messaging.system': 'bullmq',
        'messaging.operation.type': kind,
        'messaging.destination.name': queue,
        'messaging.message.id': jobId,
      },
    },
    parent,
  );
  return context
    .with(trace.setSpan(parent, span), () => work())
    .then(
      (value) => end(span, value),
      (e: unknown) => {
        // A job parked for its retry time (DelayedError) is not a failure.
        if ((e as Error)?.name !== 'DelayedError')
          span.setStatus({ code: SpanStatusCode.ERROR, message: (e as Error)?.name ?? 'error' });
        span.end();
        throw e;
      },
    );
}

function end<T>(span: Span, value: T): T {
  span.end();
  return value;
}
