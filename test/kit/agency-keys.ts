import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';

export interface AgencyKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: Record<string, unknown>;
}

export async function newAgencyKey(kid: string): Promise<AgencyKey> {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  return { kid, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' } };
}

export interface TokenOptions {
  scope: string;
  sub?: string;
  audience?: string;
  issuer?: string;
  /** Seconds from now; negative for an expired token. */
  expiresIn?: number;
  lifetime?: number;
  /** A token id: with one, an inbound write token is single-use. */
  jti?: string;
}

/** A bearer JWT as an agency's system would mint it. */
export async function mintToken(agencyId: string, key: AgencyKey, o: TokenOptions): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const exp = now + (o.expiresIn ?? 300);
  const iat = exp - (o.lifetime ?? o.expiresIn ?? 300);
  return new SignJWT({ scope: o.scope, ...(o.jti ? { jti: o.jti } : {}) })
    .setProtectedHeader({ alg: 'ES256', kid: key.kid })
    .setIssuer(o.issuer ?? agencyId)
    .setAudience(o.audience ?? 'information-sharing-hub')
    .setSubject(o.sub ?? `${agencyId}:test-user`)
    .setIssuedAt(iat)
    .setExpirationTime(exp)
    .sign(key.privateKey);
}
