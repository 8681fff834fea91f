import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { isInternalAddress } from '../../../src/subscriptions/webhook-url-policy';
import type { OutboundRequest, OutboundResult, OutboundTransport } from '../../../src/delivery/outbound-transport.port';

/** Retry-After as seconds or an HTTP date, in ms; capped at a day so a receiver cannot park us. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const ms = /^\d+$/.test(value.trim()) ? Number(value.trim()) * 1000 : Date.parse(value) - now;
  return Number.isFinite(ms) && ms > 0 ? Math.min(ms, 86_400_000) : undefined;
}

/**
 * A DNS lookup that refuses internal addresses at connect time: the subscription's URL was
 * checked when it was created, but its name could later resolve elsewhere (DNS rebinding).
 */
export const refuseInternalAddresses: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...(options as LookupOptions), all: true }, (err, addresses) => {
    if (err) return callback(err, '', 0);
    const list = addresses as LookupAddress[];
    const internal = list.find((a) => isInternalAddress(a.address));
    if (internal) return callback(Object.assign(new Error(`${hostname} resolves to an internal address`), { code: 'EINTERNALADDRESS' }), '', 0);
    if ((options as LookupOptions).all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, list);
    callback(null, list[0].address, list[0].family);
  });
};

/**
 * Posts a signed delivery. Redirects are not followed (a 3xx is a failure), so a receiver
 * cannot bounce the hub to an internal address; unless insecure webhooks are allowed
 * (development and tests), the connection itself refuses internal addresses.
 */
export class HttpsWebhookTransport implements OutboundTransport {
  constructor(private readonly options: { allowInternalAddresses: boolean } = { allowInternalAddresses: false }) {}

  send(request: OutboundRequest): Promise<OutboundResult> {
    return new Promise((resolve) => {
      const url = new URL(request.url);
      // An address literal is never looked up, so check it here.
      const literal = url.hostname.replace(/^\[|\]$/g, '');
      if (!this.options.allowInternalAddresses && isIP(literal) && isInternalAddress(literal)) {
        return resolve({ kind: 'unreachable', reason: 'connection refused by the hub: internal address' });
      }
      const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
      const req = send(
        url,
        {
          method: 'POST',
          headers: { ...request.headers, 'content-length': Buffer.byteLength(request.body) },
          timeout: request.timeoutMs,
          ...(this.options.allowInternalAddresses ? {} : { lookup: refuseInternalAddresses }),
        },
        (res) => {
          res.resume(); // the body is not needed; drain it so the socket is released
          res.on('end', () => {
            const retryAfterMs = parseRetryAfter(res.headers['retry-after'] as string | undefined);
            resolve({ kind: 'answered', status: res.statusCode ?? 0, ...(retryAfterMs ? { retryAfterMs } : {}) });
          });
          res.on('error', (e) => resolve({ kind: 'unreachable', reason: `response failed (${(e as NodeJS.ErrnoException).code ?? e.name})` }));
        },
      );
      req.on('timeout', () => req.destroy(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })));
      req.on('error', (e: NodeJS.ErrnoException) => resolve({ kind: 'unreachable', reason: e.code === 'ETIMEDOUT' ? 'timed out' : `connection failed (${e.code ?? e.name})` }));
      req.end(request.body);
    });
  }
}
