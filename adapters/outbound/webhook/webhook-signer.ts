import { createHmac } from 'node:crypto';
import type { HubSigner } from '../../../src/delivery/delivery-transport.port';

/**
 * Standard Webhooks headers for one attempt: `v1a` (ed25519, the hub's key, provable to anyone
 * with the JWKS) and `v1` (HMAC-SHA256 with the subscription's own secret; one per secret while
 * a rotation overlaps, newest first: the libraries accept any that matches). The timestamp and
 * the signatures are made per attempt, so retries pass receivers' freshness checks.
 */
export class WebhookSigner {
  constructor(private readonly key: HubSigner) {}

  headers(webhookId: string, body: string, secrets: string[], now = Date.now()): Record<string, string> {
    const timestamp = Math.floor(now / 1000).toString();
    const signed = `${webhookId}.${timestamp}.${body}`;
    const signatures = [`v1a,${this.key.sign(signed)}`];
    for (const secret of secrets) signatures.push(`v1,${hmac(secret, signed)}`);
    return {
      'content-type': 'application/cloudevents+json',
      'webhook-id': webhookId,
      'webhook-timestamp': timestamp,
      'webhook-signature': signatures.join(' '),
    };
  }
}

function hmac(secret: string, data: string): string {
  const key = Buffer.from(secret.startsWith('whsec_') ? secret.slice(6) : secret, 'base64');
  return createHmac('sha256', key).update(data).digest('base64');
}
