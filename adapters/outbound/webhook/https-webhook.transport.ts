import type { LookupAddress, LookupOptions } from 'node:dns';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { isPublicAddress } from '../../../src/common/public-address';
import { webhookDns } from '../../../src/common/webhook-url-policy';
import type {
  DeliveryTransport,
  HubSigner,
  OutgoingDelivery,
  TransportResult,
} from '../../../src/delivery/delivery-transport.port';
import { WebhookSigner } from './webhook-signer';

/** One HTTP POST, already signed. */
export interface WebhookRequest {
  url: string;
  body: string;
  headers: Record<string, string>;
  timeoutMs: number;
}

/** What the receiver's HTTP server said, or why there was no answer. */
export type WebhookAnswer =
  { kind: 'answered'; status: number; retryAfterMs?: number } | { kind: 'unreachable'; reason: string };

/** Retry-After as seconds or an HTTP date, in ms; capped at a day so a receiver cannot park us. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const ms = /^\d+$/.test(value.trim()) ? Number(value.trim()) * 1000 : Date.parse(value) - now;
  return Number.isFinite(ms) && ms > 0 ? Math.min(ms, 86_400_000) : undefined;
}

/**
 * The connection's own DNS lookup: the address it is about to connect to must be public. The
 * subscription's URL was checked when it was made, but its name may resolve elsewhere now
 * (DNS rebinding), so the answer actually used is the one checked. Any non-public answer
 * refuses the lot, as at subscribe time. The refusal is a connection failure (EINTERNALADDRESS):
 * retried on the schedule like any other, since a name's answers change back, then dead-lettered.
 */
export const refuseInternalAddresses: LookupFunction = (hostname, options, callback) => {
  const { family, all } = options as LookupOptions;
  const wanted = family === 4 || family === 'IPv4' ? 4 : family === 6 || family === 'IPv6' ? 6 : 0;
  webhookDns.lookup(hostname).then(
    (answers) => {
      const list: LookupAddress[] = answers.filter((a) => !wanted || a.family === wanted);
      if (!list.length)
        return callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), '', 0);
      if (!list.every((a) => isPublicAddress(a.address))) {
        return callback(
          Object.assign(new Error(`${hostname} resolves to an internal address`), { code: 'EINTERNALADDRESS' }),
          '',
          0,
        );
      }
      if (all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, list);
      callback(null, list[0].address, list[0].family);
    },
    (err: NodeJS.ErrnoException) => callback(err, '', 0),
  );
};

/** 4xx other than 408 and 429 will not get better by retrying (api.md). */
function isPermanent(status: number): boolean {
  return status >= 400 && status < 500 && status !== 408 && status !== 429;
}

/** The receiver's HTTP answer as a delivery outcome (api.md: 2xx, 410, other 4xx, the rest). */
export function webhookOutcome(answer: WebhookAnswer): TransportResult {
  if (answer.kind === 'unreachable') return { outcome: 'retry', reason: answer.reason };
  const { status } = answer;
  if (status >= 200 && status < 300) return { outcome: 'delivered', statusCode: status };
  if (status === 410) return { outcome: 'gone', reason: 'receiver answered 410 Gone', statusCode: status };
  if (isPermanent(status)) {
    return { outcome: 'permanent', reason: `receiver refused it permanently (${status})`, statusCode: status };
  }
  return {
    outcome: 'retry',
    reason: `receiver answered ${status}`,
    statusCode: status,
    ...(answer.retryAfterMs ? { afterMs: answer.retryAfterMs } : {}),
  };
}

export interface WebhookTransportOptions {
  /** Development and tests only: lets the hub post to loopback and private addresses. */
  allowInternalAddresses: boolean;
  timeoutMs: number;
  /** The hub's key; without one (the HTTP-only tests) `send` cannot sign and is not used. */
  hubKey?: HubSigner;
}

/**
 * The webhook delivery kind: signs each attempt with Standard Webhooks headers and POSTs it.
 * Redirects are not followed (a 3xx is a failure), so a receiver cannot bounce the hub to an
 * internal address; unless insecure webhooks are allowed (development and tests), the
 * connection itself refuses internal addresses.
 */
export class HttpsWebhookTransport implements DeliveryTransport {
  readonly kind = 'webhook' as const;
  private readonly signer: WebhookSigner | null;

  constructor(
    private readonly options: WebhookTransportOptions = { allowInternalAddresses: false, timeoutMs: 10_000 },
  ) {
    this.signer = options.hubKey ? new WebhookSigner(options.hubKey) : null;
  }

  async send(delivery: OutgoingDelivery): Promise<TransportResult> {
    if (!this.signer) throw new Error('HttpsWebhookTransport was built without the hub key, so it cannot sign');
    if (!delivery.target) return { outcome: 'permanent', reason: 'the subscription has no url' };
    const headers = {
      ...this.signer.headers(delivery.deliveryId, delivery.body, delivery.subscriptionSecrets),
      ...(delivery.traceparent ? { traceparent: delivery.traceparent } : {}),
    };
    return webhookOutcome(
      await this.post({ url: delivery.target, body: delivery.body, headers, timeoutMs: this.options.timeoutMs }),
    );
  }

  /** One POST; never throws: a failure to connect or to hear back is an `unreachable` answer. */
  post(request: WebhookRequest): Promise<WebhookAnswer> {
    return new Promise((resolve) => {
      const url = new URL(request.url);
      // An address literal is never looked up, so check it here.
      const literal = url.hostname.replace(/^\[|\]$/g, '');
      if (!this.options.allowInternalAddresses && isIP(literal) && !isPublicAddress(literal)) {
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
          res.on('error', (e) =>
            resolve({
              kind: 'unreachable',
              reason: `response failed (${(e as NodeJS.ErrnoException).code ?? e.name})`,
            }),
          );
        },
      );
      req.on('timeout', () => req.destroy(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })));
      req.on('error', (e: NodeJS.ErrnoException) =>
        resolve({
          kind: 'unreachable',
          reason: e.code === 'ETIMEDOUT' ? 'timed out' : `connection failed (${e.code ?? e.name})`,
        }),
      );
      req.end(request.body);
    });
  }
}
