import { context, propagation, trace, type Context } from '@opentelemetry/api';

/** The hub's tracer; a no-op until a provider is registered (startTracing, or a test's). */
export const hubTracer = () => trace.getTracer('information-sharing-hub');

/** W3C `traceparent` of the active span, if one is recording or was received. */
export function currentTraceparent(ctx: Context = context.active()): string | undefined {
  const carrier: Record<string, string> = {};
  propagation.inject(ctx, carrier);
  return carrier.traceparent;
}

/** The context a stored or received `traceparent` (and `tracestate`) names. */
export function contextFrom(carrier: Record<string, string | string[] | undefined>): Context {
  return propagation.extract(context.active(), carrier, {
    keys: (c) => Object.keys(c),
    get: (c, key) => {
      const v = c[key];
      return Array.isArray(v) ? v[0] : v;
    },
  });
}
