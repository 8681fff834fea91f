import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import type { JWK } from 'jose';
import { Webhook } from 'standardwebhooks';

/** Same tolerance as the standardwebhooks library applies to `v1`. */
const TIMESTAMP_TOLERANCE_SECONDS = 5 * 60;
/** Refetch the hub's JWKS for an unknown signature at most this often (key rotation). */
const JWKS_REFRESH_COOLDOWN_MS = 30_000;

export interface WebhookHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

/** `ok`, or why the signature was refused. */
export type CheckResult = 'ok' | `failed: ${string}`;

export interface Verification {
  /** HMAC-SHA256 with the subscription secret, checked by the standardwebhooks library. */
  v1: CheckResult;
  /** ed25519 with one of the hub's published keys; `kid` says which. */
  v1a: CheckResult;
  kid?: string;
}

interface HubKey {
  kid?: string;
  key: KeyObject;
}

/**
 * Checks both signatures of a Standard Webhooks delivery over `"{id}.{timestamp}.{raw body}"`:
 * `v1` proves it came through our own subscription, `v1a` proves the hub sent it.
 */
export class WebhookVerifier {
  private hubKeys: HubKey[] = [];
  private jwksFetchedAt = 0;

  constructor(
    private readonly fetchJwks: () => Promise<JWK[]>,
    private readonly secret: string,
  ) {}

  async verify(rawBody: Buffer, headers: WebhookHeaders): Promise<Verification> {
    const v1 = this.verifyV1(rawBody, headers);
    const { result: v1a, kid } = await this.verifyV1a(rawBody, headers);
    return { v1, v1a, kid };
  }

  private verifyV1(rawBody: Buffer, headers: WebhookHeaders): CheckResult {
    try {
      new Webhook(this.secret).verify(rawBody, { ...headers }, { jsonParse: false });
      return 'ok';
    } catch (err) {
      return `failed: ${err.message}`;
    }
  }

  private async verifyV1a(rawBody: Buffer, headers: WebhookHeaders): Promise<{ result: CheckResult; kid?: string }> {
    const signatures = headers['webhook-signature']
      .split(' ')
      .filter((s) => s.startsWith('v1a,'))
      .map((s) => Buffer.from(s.slice(4), 'base64'));
    if (!signatures.length) return { result: 'failed: no v1a signature' };

    const timestamp = Number(headers['webhook-timestamp']);
    if (!Number.isInteger(timestamp)) return { result: 'failed: invalid webhook-timestamp' };
    if (Math.abs(Date.now() / 1000 - timestamp) > TIMESTAMP_TOLERANCE_SECONDS) {
      return { result: 'failed: timestamp outside tolerance' };
    }

    const signed = Buffer.concat([Buffer.from(`${headers['webhook-id']}.${headers['webhook-timestamp']}.`), rawBody]);
    let match = this.findSigner(signed, signatures);
    if (!match && Date.now() - this.jwksFetchedAt > JWKS_REFRESH_COOLDOWN_MS) {
      // perhaps the hub rotated its key since we last looked
      await this.refreshKeys().catch(() => undefined);
      match = this.findSigner(signed, signatures);
    }
    return match ? { result: 'ok', kid: match.kid } : { result: 'failed: no hub key verifies the signature' };
  }

  private findSigner(signed: Buffer, signatures: Buffer[]): HubKey | undefined {
    return this.hubKeys.find(({ key }) => signatures.some((sig) => verify(null, signed, key, sig)));
  }

  /** Loads the hub's Ed25519 keys from its JWKS; other key types are ignored. */
  async refreshKeys(): Promise<void> {
    this.jwksFetchedAt = Date.now();
    const jwks = await this.fetchJwks();
    this.hubKeys = jwks
      .filter((k) => k.kty === 'OKP' && k.crv === 'Ed25519' && typeof k.x === 'string')
      .map((k) => ({
        kid: k.kid,
        key: createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: k.x as string }, format: 'jwk' }),
      }));
  }
}
