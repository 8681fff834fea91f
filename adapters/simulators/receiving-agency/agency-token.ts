import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { importJWK, SignJWT, type JWK } from 'jose';

/** Tokens live five minutes, well inside the hub's ten-minute limit. */
const TOKEN_LIFETIME_SECONDS = 300;

export interface AgencyTokenOptions {
  agencyId: string;
  privateJwkPath: string;
  scope: string;
  sub: string;
  audience: string;
}

/**
 * Mints the bearer token an agency presents to the hub: ES256, `kid` of the agency's key,
 * `iss` = agency id, `aud`, `sub`, `scope`, `iat`, `exp` = iat + 300 s.
 * (The TypeScript twin of scripts/lib/agency-token.mjs, which this compiled code cannot import.)
 */
export async function mintAgencyToken(options: AgencyTokenOptions): Promise<string> {
  const jwk = JSON.parse(readFileSync(options.privateJwkPath, 'utf8')) as JWK;
  if (!jwk.kid) throw new Error(`private JWK ${options.privateJwkPath} has no kid`);
  const key = await importJWK(jwk, 'ES256');
  const iat = Math.floor(Date.now() / 1000);
  return new SignJWT({ scope: options.scope })
    .setProtectedHeader({ alg: 'ES256', kid: jwk.kid, typ: 'JWT' })
    .setIssuer(options.agencyId)
    .setAudience(options.audience)
    .setSubject(options.sub)
    .setJti(randomUUID())
    .setIssuedAt(iat)
    .setExpirationTime(iat + TOKEN_LIFETIME_SECONDS)
    .sign(key);
}
