import { context, SpanKind, SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import pg from 'pg';
import { hubTracer } from './tracer';

const PATCHED = Symbol.for('hub.pg-spans');

/**
 * A client span per Postgres query made inside a trace (a request, a delivery), at the one
 * boundary every repository goes through: pg's Client.query (pg publishes no diagnostics
 * channel, and @opentelemetry/instrumentation-pg's require hook cannot reach modules loaded as
 * ESM). Queries outside any trace (the relay's polling) make no spans. The SQL text is not
 * recorded, only its operation and table: statements are parameterised, but a span leaves the
 * hub for a collector, so it carries nothing it need not.
 */
export function tracePostgres(): void {
  const proto = pg.Client.prototype as unknown as Record<string | symbol, unknown>;
  if (proto[PATCHED]) return;
  const original = proto.query as (...args: unknown[]) => unknown;
  proto[PATCHED] = true;
  proto.query = function tracedQuery(this: pg.Client, ...args: unknown[]) {
    const parent = context.active();
    const config = args[0] as string | { text?: unknown; submit?: unknown } | undefined;
    const text = typeof config === 'string' ? config : config?.text;
    if (
      !trace.getSpan(parent) ||
      typeof text !== 'string' ||
      typeof (config as { submit?: unknown })?.submit === 'function'
    ) {
      return original.apply(this, args);
    }
    const { operation, table } = summarise(text);
    const span = hubTracer().startSpan(
      `pg ${operation}${table ? ` ${table}` : ''}`,
      {
        kind: SpanKind.CLIENT,
        attributes: {
          'db.system.name': 'postgresql',
          'db.operation.name': operation,
          ...(table ? { 'db.collection.name': table } : {}),
          'db.namespace': this.database ?? '',
        },
      },
      parent,
    );
    const last = args.length - 1;
    if (typeof args[last] === 'function') {
      const callback = args[last] as (e: unknown, r: unknown) => void;
      args[last] = (e: unknown, r: unknown) => {
        finish(span, e);
        callback(e, r);
      };
      return original.apply(this, args);
    }
    const result = original.apply(this, args) as Promise<unknown> | undefined;
    if (result && typeof result.then === 'function')
      result.then(
        () => finish(span),
        (e: unknown) => finish(span, e),
      );
    else span.end();
    return result;
  };
}

function finish(span: Span, error?: unknown): void {
  if (error) span.setStatus({ code: SpanStatusCode.ERROR, message: (error as { code?: string }).code ?? 'error' });
  span.end();
}

/** `SELECT`, `INSERT`… and the first table named, from the statement's shape only. */
export function summarise(sql: string): { operation: string; table: string | null } {
  const operation = (/^\s*(\w+)/.exec(sql)?.[1] ?? 'query').toUpperCase();
  const table = /\b(?:FROM|INTO|UPDATE|JOIN)\s+("?[a-z_][a-z0-9_]*"?)/i.exec(sql)?.[1]?.replaceAll('"', '') ?? null;
  return { operation, table };
}
