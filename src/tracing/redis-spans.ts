import { context, SpanKind, SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import diagnostics from 'node:diagnostics_channel';
import { hubTracer } from './tracer';

interface CommandContext {
  command: string;
  database?: number;
  serverAddress?: string;
  serverPort?: number;
  error?: unknown;
}

let subscribed = false;

/**
 * A client span per Redis command sent inside a trace, from ioredis's own diagnostics channel
 * (`ioredis:command`), so nothing is patched. BullMQ's polling outside any trace makes no
 * spans. The command's arguments (job ids, keys) are not recorded.
 */
export function traceRedis(): void {
  if (subscribed || typeof diagnostics.tracingChannel !== 'function') return;
  subscribed = true;
  const spans = new WeakMap<CommandContext, Span>();
  diagnostics.tracingChannel<unknown, CommandContext>('ioredis:command').subscribe({
    start(ctx) {
      const parent = context.active();
      if (!trace.getSpan(parent)) return;
      spans.set(
        ctx,
        hubTracer().startSpan(
          `redis ${ctx.command.toUpperCase()}`,
          {
            kind: SpanKind.CLIENT,
            attributes: {
              'db.system.name': 'redis',
              'db.operation.name': ctx.command.toUpperCase(),
              ...(ctx.database !== undefined ? { 'db.namespace': String(ctx.database) } : {}),
              ...(ctx.serverAddress ? { 'server.address': ctx.serverAddress } : {}),
              ...(ctx.serverPort ? { 'server.port': ctx.serverPort } : {}),
            },
          },
          parent,
        ),
      );
    },
    end() {},
    asyncStart() {},
    asyncEnd(ctx) {
      const span = spans.get(ctx);
      if (!span) return;
      if (ctx.error) span.setStatus({ code: SpanStatusCode.ERROR, message: 'error' });
      span.end();
      spans.delete(ctx);
    },
    error(ctx) {
      spans.get(ctx)?.setStatus({ code: SpanStatusCode.ERROR, message: 'error' });
    },
  });
}
