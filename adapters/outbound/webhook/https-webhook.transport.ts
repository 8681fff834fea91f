import type { OutboundRequest, OutboundResult, OutboundTransport } from '../../../src/delivery/outbound-transport.port';

/** Retry-After as seconds or an HTTP date, in ms; capped at a day so a receiver cannot park us. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const ms = /^\d+$/.test(value.trim()) ? Number(value.trim()) * 1000 : Date.parse(value) - now;
  return Number.isFinite(ms) && ms > 0 ? Math.min(ms, 86_400_000) : undefined;
}

/**
 * Posts a signed delivery with fetch. Redirects are not followed (a 3xx is a failure), so a
 * receiver cannot bounce the hub to an internal address.
 */
export class HttpsWebhookTransport implements OutboundTransport {
  async send(request: OutboundRequest): Promise<OutboundResult> {
    try {
      const response = await fetch(request.url, {
        method: 'POST',
        body: request.body,
        headers: request.headers,
        redirect: 'manual',
        signal: AbortSignal.timeout(request.timeoutMs),
      });
      // Drain the body so the connection is released; its content is not needed.
      await response.arrayBuffer().catch(() => undefined);
      const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
      return { kind: 'answered', status: response.status, ...(retryAfterMs ? { retryAfterMs } : {}) };
    } catch (e) {
      const reason = (e as Error).name === 'TimeoutError' ? 'timed out' : `connection failed (${(e as { cause?: { code?: string } }).cause?.code ?? (e as Error).name})`;
      return { kind: 'unreachable', reason };
    }
  }
}
