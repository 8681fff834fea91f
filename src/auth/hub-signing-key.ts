import { Inject, Injectable, Logger } from '@nestjs/common';
import { CompactSign, compactVerify, decodeProtectedHeader } from 'jose';
import { createPrivateKey, createPublicKey, sign, type KeyObject } from 'node:crypto';
import { closeSync, existsSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import { resolve } from 'node:path';
import { HUB_ENVIRONMENT, type HubEnvironment } from '../../config/environment';
import { activeKey, newKey, parseSigningKeySet, publishedKeys, type SigningKeySet } from './signing-key-set';

/** Where a generated key goes when HUB_SIGNING_KEY_FILE is unset (git-ignored). */
export const GENERATED_KEY_FILE = '.hub-signing-key.json';

export interface PublicJwk {
  kty: string;
  crv: string;
  x: string;
  kid: string;
  alg: 'EdDSA';
  use: 'sig';
}

interface LoadedKey {
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  publicJwk: PublicJwk;
}

/**
 * The hub's ed25519 keys: the active one signs every delivery (`v1a`); every key still in its
 * overlap is published at /.well-known/jwks.json. The file is re-read when it changes (a
 * rotated Kubernetes Secret reaches a running pod without a restart).
 */
@Injectable()
export class HubSigningKey {
  private readonly logger = new Logger(HubSigningKey.name);
  private readonly file: string;
  private set!: SigningKeySet;
  private loaded = new Map<string, LoadedKey>();
  private version = '';

  constructor(@Inject(HUB_ENVIRONMENT) env: HubEnvironment) {
    // A missing key is generated (first run, or a fresh volume in compose); receivers must then
    // fetch the new public key from the JWKS, so say so loudly.
    this.file = env.signingKeyFile ?? resolve(GENERATED_KEY_FILE);
    // In production a missing key is a deployment mistake: a new key would silently break every
    // receiver's v1a check and hide that the real key was lost.
    if (env.production && !existsSync(this.file)) {
      throw new Error(
        `HUB_SIGNING_KEY_FILE ${this.file} does not exist; in production the hub never generates its signing key. Make one with \`node scripts/make-signing-key.mjs ${this.file}\` and give receivers its public key (GET /.well-known/jwks.json).`,
      );
    }
    if (!env.production && writeNewKeyIfAbsent(this.file)) {
      const why = env.signingKeyFile ? `${this.file} did not exist` : 'HUB_SIGNING_KEY_FILE is unset';
      this.logger.warn(
        `${why}: generated a new ed25519 signing key in ${this.file}. Keep it (and set HUB_SIGNING_KEY_FILE) in production.`,
      );
    }
    this.load();
    this.active();
  }

  /** The public half of the key signing now. */
  get publicJwk(): PublicJwk {
    return this.active().publicJwk;
  }

  /** Every public key a receiver may meet a signature from now: the active one and those in overlap. */
  publishedJwks(): PublicJwk[] {
    this.refresh();
    return publishedKeys(this.set, nowSeconds()).map((k) => this.loaded.get(k.kid)!.publicJwk);
  }

  /** Raw ed25519 signature by the active key, base64. */
  sign(data: string): string {
    return sign(null, Buffer.from(data), this.active().privateKey).toString('base64');
  }

  /** A compact JWS (EdDSA, the active key's kid) over a JSON payload, verifiable with the published JWKS. */
  signJws(payload: object, typ: string): Promise<string> {
    const key = this.active();
    return new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
      .setProtectedHeader({ alg: 'EdDSA', kid: key.kid, typ })
      .sign(key.privateKey);
  }

  /** The payload of a compact JWS a published key signed; throws when none did. */
  async verifyJws(jws: string, typ: string): Promise<unknown> {
    const { kid } = decodeProtectedHeader(jws);
    const published = this.publishedJwks().map((k) => k.kid);
    const key = (kid && published.includes(kid) ? this.loaded.get(kid) : undefined) ?? this.active();
    const { payload, protectedHeader } = await compactVerify(jws, key.publicKey, { algorithms: ['EdDSA'] });
    if (protectedHeader.typ !== typ) throw new Error(`not a ${typ}`);
    return JSON.parse(new TextDecoder().decode(payload));
  }

  private active(): LoadedKey {
    this.refresh();
    const key = activeKey(this.set, nowSeconds());
    if (!key) throw new Error(`${this.file}: no signing key is active now (each is expired or not yet valid)`);
    return this.loaded.get(key.kid)!;
  }

  /** Re-reads the file when it changed; a broken new file keeps the keys already loaded. */
  private refresh(): void {
    const s = statSync(this.file, { throwIfNoEntry: false });
    if (!s || `${s.ino}:${s.size}:${s.mtimeMs}` === this.version) return;
    try {
      this.load();
      this.logger.log(`signing keys reloaded from ${this.file}: ${this.set.keys.map((k) => k.kid).join(', ')}`);
    } catch (e) {
      this.logger.error(`${this.file} changed but cannot be read; still using the keys loaded before: ${String(e)}`);
      this.version = `${s.ino}:${s.size}:${s.mtimeMs}`;
    }
  }

  private load(): void {
    const s = statSync(this.file);
    const set = parseSigningKeySet(readFileSync(this.file, 'utf8'), this.file);
    const loaded = new Map<string, LoadedKey>();
    for (const k of set.keys) {
      const privateKey = createPrivateKey({ key: { kty: k.kty, crv: k.crv, x: k.x, d: k.d }, format: 'jwk' });
      const publicKey = createPublicKey(privateKey);
      const pub = publicKey.export({ format: 'jwk' }) as { kty: string; crv: string; x: string };
      const publicJwk: PublicJwk = { kty: pub.kty, crv: pub.crv, x: pub.x, kid: k.kid, alg: 'EdDSA', use: 'sig' };
      loaded.set(k.kid, { kid: k.kid, privateKey, publicKey, publicJwk });
    }
    this.set = set;
    this.loaded = loaded;
    this.version = `${s.ino}:${s.size}:${s.mtimeMs}`;
  }
}

const nowSeconds = () => Math.floor(Date.now() / 1000);

/** Writes a new key only if none exists (O_EXCL), so processes started together agree on one. */
function writeNewKeyIfAbsent(file: string): boolean {
  let fd: number;
  try {
    fd = openSync(file, 'wx', 0o600);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
  writeSync(fd, JSON.stringify(newKey(), null, 2));
  closeSync(fd);
  return true;
}
