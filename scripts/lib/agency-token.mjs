// Mints a bearer token as an agency would: a JWT signed ES256 with the agency's private key,
// in the shape the hub accepts (docs/contracts/api.md, "Authentication").
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { importJWK, SignJWT } from 'jose';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export const DEFAULT_AUDIENCE = 'information-sharing-hub';
export const TOKEN_LIFETIME_SECONDS = 300;

/** Where the demo private key of an agency lives (DEMO ONLY, see config/demo/keys/README.md). */
export function demoPrivateJwkPath(agencyId) {
  return join(root, 'config', 'demo', 'keys', `${agencyId}.private.jwk.json`);
}

/**
 * @param {object} options
 * @param {string} options.agencyId       becomes `iss`
 * @param {string} [options.privateJwkPath] default: the agency's demo key
 * @param {string} options.scope          space separated, e.g. "inbound:write"
 * @param {string} [options.sub]          the person or system account acting
 * @param {string} [options.audience]     default: env HUB_AUDIENCE or "information-sharing-hub"
 * @returns {Promise<string>} the compact JWT
 */
export async function mintAgencyToken({ agencyId, privateJwkPath, scope, sub, audience }) {
  const jwk = JSON.parse(readFileSync(privateJwkPath ?? demoPrivateJwkPath(agencyId), 'utf8'));
  if (!jwk.kid) throw new Error(`private JWK for ${agencyId} has no kid`);
  const key = await importJWK(jwk, 'ES256');
  const iat = Math.floor(Date.now() / 1000);
  return new SignJWT({ scope })
    .setProtectedHeader({ alg: 'ES256', kid: jwk.kid, typ: 'JWT' })
    .setIssuer(agencyId)
    .setAudience(audience ?? process.env.HUB_AUDIENCE ?? DEFAULT_AUDIENCE)
    .setSubject(sub ?? `system:${agencyId}:demo-scripts`)
    .setJti(randomUUID())
    .setIssuedAt(iat)
    .setExpirationTime(iat + TOKEN_LIFETIME_SECONDS)
    .sign(key);
}
