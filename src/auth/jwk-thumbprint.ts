import { createHash } from 'node:crypto';

/** RFC 7638 members of each key type, in the order the thumbprint hashes them. */
const REQUIRED_MEMBERS: Record<string, string[]> = {
  EC: ['crv', 'kty', 'x', 'y'],
  OKP: ['crv', 'kty', 'x'],
  RSA: ['e', 'kty', 'n'],
};

/** RFC 7638 SHA-256 thumbprint of a public JWK (base64url); undefined for a key type it does not know. */
export function jwkThumbprint(jwk: Record<string, unknown>): string | undefined {
  const members = REQUIRED_MEMBERS[String(jwk.kty)];
  if (!members || members.some((m) => typeof jwk[m] !== 'string')) return undefined;
  const canonical = `{${members.map((m) => `"${m}":${JSON.stringify(jwk[m])}`).join(',')}}`;
  return createHash('sha256').update(canonical).digest('base64url');
}
