import { createHash, generateKeyPairSync } from 'node:crypto';

/**
 * The hub's signing keys as one file (HUB_SIGNING_KEY_FILE, a Kubernetes Secret): a JWK set of
 * private Ed25519 keys, each with optional times in epoch seconds. `nbf`: the hub signs with
 * it from then on (published before, so receivers can fetch it first); `exp`: it leaves the
 * JWKS then (the end of its overlap). A file holding one bare private JWK, as before rotation
 * existed, is a set of that one key with no times. See docs/adr/0023-signing-key-rotation.md.
 */
export interface SigningKeyEntry {
  kty: string;
  crv: string;
  x: string;
  d: string;
  kid: string;
  nbf?: number;
  exp?: number;
}

export interface SigningKeySet {
  keys: SigningKeyEntry[];
}

/** Parses the file's text; throws naming the file and what is wrong. */
export function parseSigningKeySet(text: string, file: string): SigningKeySet {
  const json = JSON.parse(text);
  const keys: unknown[] = Array.isArray(json?.keys) ? json.keys : [json];
  if (!keys.length) throw new Error(`${file}: the signing key set has no keys`);
  return {
    keys: keys.map((k, i) => {
      const key = k as Partial<SigningKeyEntry>;
      if (key.kty !== 'OKP' || key.crv !== 'Ed25519' || typeof key.d !== 'string' || typeof key.x !== 'string') {
        throw new Error(
          `${file}: key ${i}: the hub signing key must be an Ed25519 private JWK (kty OKP, crv Ed25519, d)`,
        );
      }
      for (const t of ['nbf', 'exp'] as const) {
        if (key[t] !== undefined && !Number.isInteger(key[t])) {
          throw new Error(`${file}: key ${i}: ${t} must be whole seconds since the epoch`);
        }
      }
      return { ...key, kid: key.kid ?? thumbprint(key as SigningKeyEntry) } as SigningKeyEntry;
    }),
  };
}

/** Keys still in the JWKS at `now` (seconds): every one not yet past its `exp`. */
export function publishedKeys(set: SigningKeySet, now: number): SigningKeyEntry[] {
  return set.keys.filter((k) => k.exp === undefined || k.exp > now);
}

/** The key the hub signs with at `now`: the published one that became active last. */
export function activeKey(set: SigningKeySet, now: number): SigningKeyEntry | undefined {
  return publishedKeys(set, now)
    .filter((k) => (k.nbf ?? 0) <= now)
    .reduce<SigningKeyEntry | undefined>((best, k) => (!best || (k.nbf ?? 0) > (best.nbf ?? 0) ? k : best), undefined);
}

/**
 * A new key, signing from `now + activateAfter`; every key still without an `exp` is given
 * one `overlap` seconds after that, so signatures by the old key stay verifiable that long. A
 * key that would only start signing later than the new one is dropped: it never signed and
 * would otherwise take over when its time came.
 */
export function rotate(
  set: SigningKeySet,
  now: number,
  activateAfter: number,
  overlap: number,
): { set: SigningKeySet; added: SigningKeyEntry } {
  const nbf = now + activateAfter;
  const added = { ...newKey(), nbf };
  const exp = nbf + overlap;
  const kept = publishedKeys(set, now)
    .filter((k) => (k.nbf ?? 0) <= nbf)
    .map((k) => (k.exp === undefined ? { ...k, exp } : k));
  return { set: { keys: [...kept, added] }, added };
}

/**
 * Drops every key past its `exp`; with `force`, every key but the one signing now (the end of
 * an overlap brought forward, e.g. after a key leaked).
 */
export function retire(set: SigningKeySet, now: number, force: boolean): { set: SigningKeySet; removed: string[] } {
  const signing = activeKey(set, now);
  const keep = force ? set.keys.filter((k) => k === signing) : publishedKeys(set, now);
  if (!keep.length) throw new Error('no key would remain: rotate first');
  return { set: { keys: keep }, removed: set.keys.filter((k) => !keep.includes(k)).map((k) => k.kid) };
}

/** A fresh Ed25519 private JWK, its kid the RFC 7638 thumbprint. */
export function newKey(): SigningKeyEntry {
  const jwk = generateKeyPairSync('ed25519').privateKey.export({ format: 'jwk' }) as Record<string, string>;
  const entry = { kty: jwk.kty, crv: jwk.crv, x: jwk.x, d: jwk.d };
  return { ...entry, kid: thumbprint(entry) };
}

/** RFC 7638 thumbprint of an OKP public key, used as its kid. */
function thumbprint(pub: { kty: string; crv: string; x: string }): string {
  const canonical = JSON.stringify({ crv: pub.crv, kty: pub.kty, x: pub.x });
  return createHash('sha256').update(canonical).digest('base64url');
}
