import { createHmac, createPublicKey, timingSafeEqual, verify as verifyEd25519, type KeyObject } from 'node:crypto';
import { createRemoteJWKSet, customFetch, type JWK } from 'jose';

/** Standard Webhooks' default: a delivery signed more than 5 minutes from now is refused (replays, clock skew). */
export const DEFAULT_TOLERANCE_SECONDS = 5 * 60;

/** The three Standard Webhooks headers; a Node `IncomingHttpHeaders` fits. */
export type WebhookHeaders = Record<string, string | string[] | undefined>;

/** `ok`, or why a check refused the delivery. */
export type CheckResult = 'ok' | `failed: ${string}`;

export interface Verification {
  /** Both checks asked for passed. */
  ok: boolean;
  webhookId?: string;
  /** HMAC-SHA256 with (one of) the subscription secret(s); `skipped` when no secret was given. */
  v1: CheckResult | 'skipped';
  /** ed25519 by a key of the hub's JWKS; `kid` names the one that verified. */
  v1a: CheckResult;
  kid?: string;
}

/** Where the hub's public keys come from: a JWKS URL (fetched and cached by jose), or a function (tests, pinned keys). */
export type JwksSource = URL | (() => Promise<{ keys: JWK[] }>);

export interface VerifierOptions {
  /**
   * The subscription's `whsec_…` secret, or several while rotating: a delivery passes `v1` when
   * any of its `v1,` signatures matches any of them. None: `v1` is not checked (v1a alone).
   */
  secrets?: string | string[];
  /** The hub's JWKS: `new URL('/.well-known/jwks.json', hubUrl)`. */
  jwks: JwksSource;
  toleranceSeconds?: number;
  /** Refetch the JWKS for a signature no cached key verifies at most this often (jose's cooldown). */
  jwksCooldownMs?: number;
  now?: () => number;
  /** The fetch the JWKS URL is read with (a proxy, a CA bundle); the global fetch by default. */
  fetch?: typeof fetch;
}

interface HubKey {
  kid?: string;
  key: KeyObject;
}

function header(headers: WebhookHeaders, name: string): string | undefined {
  const value = headers[name] ?? headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Checks a hub delivery as Standard Webhooks define it, over `"{webhook-id}.{webhook-timestamp}.{body}"`:
 * the timestamp is within the tolerance, a `v1` signature matches the subscription secret (it came
 * through our own subscription) and a `v1a` signature verifies with a key of the hub's JWKS (the hub
 * sent it, provable to anyone). The v1a signature names no key, so a signature no cached key
 * verifies is taken as a key the hub rotated in: the JWKS is fetched again, at most once per cooldown.
 */
export class WebhookVerifier {
  private readonly secrets: Buffer[];
  private readonly tolerance: number;
  private readonly now: () => number;
  private readonly remote?: ReturnType<typeof createRemoteJWKSet>;
  private localKeys?: HubKey[];
  private localFetchedAt = 0;

  constructor(private readonly options: VerifierOptions) {
    const secrets = options.secrets === undefined ? [] : [options.secrets].flat();
    this.secrets = secrets.map((s) => Buffer.from(s.startsWith('whsec_') ? s.slice(6) : s, 'base64'));
    this.tolerance = options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
    this.now = options.now ?? Date.now;
    if (options.jwks instanceof URL)
      this.remote = createRemoteJWKSet(options.jwks, {
        cooldownDuration: options.jwksCooldownMs ?? 30_000,
        ...(options.fetch ? { [customFetch]: options.fetch } : {}),
      });
  }

  async verify(rawBody: Buffer | string, headers: WebhookHeaders): Promise<Verification> {
    const id = header(headers, 'webhook-id');
    const timestamp = header(headers, 'webhook-timestamp');
    const signature = header(headers, 'webhook-signature');
    if (!id || !timestamp || !signature) {
      const why = 'failed: missing webhook-id, webhook-timestamp or webhook-signature' as const;
      return { ok: false, webhookId: id, v1: why, v1a: why };
    }
    const seconds = Number(timestamp);
    if (!/^[0-9]+$/.test(timestamp) || Math.abs(this.now() / 1000 - seconds) > this.tolerance) {
      const why = 'failed: timestamp outside tolerance' as const;
      return { ok: false, webhookId: id, v1: why, v1a: why };
    }
    const signed = Buffer.concat([Buffer.from(`${id}.${timestamp}.`), Buffer.from(rawBody)]);
    const signatures = signature.split(' ');
    const of = (version: string) =>
      signatures
        .filter((s) => s.startsWith(`${version},`))
        .map((s) => Buffer.from(s.slice(version.length + 1), 'base64'));

    const v1 = this.secrets.length ? this.checkV1(signed, of('v1')) : 'skipped';
    const { result: v1a, kid } = await this.checkV1a(signed, of('v1a'));
    return { ok: (v1 === 'ok' || v1 === 'skipped') && v1a === 'ok', webhookId: id, v1, v1a, kid };
  }

  private checkV1(signed: Buffer, given: Buffer[]): CheckResult {
    if (!given.length) return 'failed: no v1 signature';
    const expected = this.secrets.map((secret) => createHmac('sha256', secret).update(signed).digest());
    const match = given.some((sig) => expected.some((e) => e.length === sig.length && timingSafeEqual(e, sig)));
    return match ? 'ok' : 'failed: no v1 signature matches the secret';
  }

  private async checkV1a(signed: Buffer, given: Buffer[]): Promise<{ result: CheckResult; kid?: string }> {
    if (!given.length) return { result: 'failed: no v1a signature' };
    const signer = (keys: HubKey[]) =>
      keys.find(({ key }) => given.some((sig) => verifyEd25519(null, signed, key, sig)));
    let match = signer(await this.keys(false));
    if (!match) match = signer(await this.keys(true)); // perhaps the hub rotated its key since we last looked
    return match ? { result: 'ok', kid: match.kid } : { result: 'failed: no hub key verifies the signature' };
  }

  /** The hub's Ed25519 keys; `again`: refetch unless fetched within the cooldown. */
  private async keys(again: boolean): Promise<HubKey[]> {
    const cooldown = this.options.jwksCooldownMs ?? 30_000;
    let jwks: { keys: JWK[] } | undefined;
    if (this.remote) {
      if (!this.remote.jwks() || !this.remote.fresh || (again && !this.remote.coolingDown))
        await this.remote.reload().catch(() => undefined);
      jwks = this.remote.jwks() as { keys: JWK[] } | undefined;
    } else {
      const source = this.options.jwks as () => Promise<{ keys: JWK[] }>;
      if (!this.localKeys || (again && this.now() - this.localFetchedAt >= cooldown)) {
        this.localFetchedAt = this.now();
        this.localKeys = toKeys(await source().catch(() => ({ keys: [] })));
      }
      return this.localKeys;
    }
    return jwks ? toKeys(jwks) : [];
  }
}

function toKeys(jwks: { keys: JWK[] }): HubKey[] {
  return (jwks.keys ?? [])
    .filter((k) => k.kty === 'OKP' && k.crv === 'Ed25519' && typeof k.x === 'string')
    .map((k) => ({
      kid: k.kid,
      key: createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: k.x! }, format: 'jwk' }),
    }));
}
