import { Inject, Injectable, Logger } from '@nestjs/common';
import { CompactSign, compactVerify } from 'jose';
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, createHash, type KeyObject } from 'node:crypto';
import { closeSync, existsSync, openSync, readFileSync, writeSync } from 'node:fs';
import { resolve } from 'node:path';
import { HUB_ENVIRONMENT, type HubEnvironment } from '../../config/environment';

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

/** The hub's ed25519 key: signs every delivery (`v1a`), published at /.well-known/jwks.json. */
@Injectable()
export class HubSigningKey {
  private readonly logger = new Logger(HubSigningKey.name);
  private readonly privateKey: KeyObject;
  private readonly publicKey: KeyObject;
  readonly publicJwk: PublicJwk;

  constructor(@Inject(HUB_ENVIRONMENT) env: HubEnvironment) {
    // A missing key is generated (first run, or a fresh volume in compose); receivers must then
    // fetch the new public key from the JWKS, so say so loudly.
    const file = env.signingKeyFile ?? resolve(GENERATED_KEY_FILE);
    // In production a missing key is a deployment mistake: a new key would silently break every
    // receiver's v1a check and hide that the real key was lost.
    if (env.production && !existsSync(file)) {
      throw new Error(
        `HUB_SIGNING_KEY_FILE ${file} does not exist; in production the hub never generates its signing key. Make one with \`node scripts/make-signing-key.mjs ${file}\` and give receivers its public key (GET /.well-known/jwks.json).`,
      );
    }
    if (!env.production && writeNewKeyIfAbsent(file)) {
      const why = env.signingKeyFile ? `${file} did not exist` : 'HUB_SIGNING_KEY_FILE is unset';
      this.logger.warn(
        `${why}: generated a new ed25519 signing key in ${file}. Keep it (and set HUB_SIGNING_KEY_FILE) in production.`,
      );
    }
    const jwk = JSON.parse(readFileSync(file, 'utf8'));
    if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || typeof jwk.d !== 'string') {
      throw new Error(`${file}: the hub signing key must be an Ed25519 private JWK (kty OKP, crv Ed25519, d)`);
    }
    this.privateKey = createPrivateKey({ key: jwk, format: 'jwk' });
    this.publicKey = createPublicKey(this.privateKey);
    const pub = this.publicKey.export({ format: 'jwk' }) as { kty: string; crv: string; x: string };
    const kid = jwk.kid ?? thumbprint(pub);
    this.publicJwk = { kty: pub.kty, crv: pub.crv, x: pub.x, kid, alg: 'EdDSA', use: 'sig' };
  }

  /** Raw ed25519 signature, base64. */
  sign(data: string): string {
    return sign(null, Buffer.from(data), this.privateKey).toString('base64');
  }

  /** A compact JWS (EdDSA, this key's kid) over a JSON payload, verifiable with the published JWKS. */
  signJws(payload: object, typ: string): Promise<string> {
    return new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
      .setProtectedHeader({ alg: 'EdDSA', kid: this.publicJwk.kid, typ })
      .sign(this.privateKey);
  }

  /** The payload of a compact JWS this key signed; throws when the signature is not this key's. */
  async verifyJws(jws: string, typ: string): Promise<unknown> {
    const { payload, protectedHeader } = await compactVerify(jws, this.publicKey, { algorithms: ['EdDSA'] });
    if (protectedHeader.typ !== typ) throw new Error(`not a ${typ}`);
    return JSON.parse(new TextDecoder().decode(payload));
  }
}

/** Writes a new key only if none exists (O_EXCL), so processes started together agree on one. */
function writeNewKeyIfAbsent(file: string): boolean {
  let fd: number;
  try {
    fd = openSync(file, 'wx', 0o600);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
  const { privateKey } = generateKeyPairSync('ed25519');
  const jwk = privateKey.export({ format: 'jwk' }) as Record<string, string>;
  const pub = { kty: jwk.kty, crv: jwk.crv, x: jwk.x };
  writeSync(fd, JSON.stringify({ ...jwk, kid: thumbprint(pub) }, null, 2));
  closeSync(fd);
  return true;
}

/** RFC 7638 thumbprint of an OKP public key, used as its kid. */
function thumbprint(pub: { kty: string; crv: string; x: string }): string {
  const canonical = JSON.stringify({ crv: pub.crv, kty: pub.kty, x: pub.x });
  return createHash('sha256').update(canonical).digest('base64url');
}
