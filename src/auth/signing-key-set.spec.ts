import { activeKey, newKey, parseSigningKeySet, publishedKeys, retire, rotate } from './signing-key-set';

describe('the signing key set', () => {
  const original = newKey();
  const T = 1_800_000_000;

  it('reads a bare private JWK as a set of one key, always active', () => {
    const set = parseSigningKeySet(JSON.stringify(original), 'k.json');
    expect(activeKey(set, T)?.kid).toBe(original.kid);
    expect(() => parseSigningKeySet('{"kty":"EC"}', 'k.json')).toThrow(/k\.json: key 0: .*Ed25519/);
    expect(() => parseSigningKeySet(JSON.stringify({ keys: [{ ...original, nbf: 'soon' }] }), 'k.json')).toThrow(/nbf/);
  });

  it('rotation: the new key is published at once, signs from nbf, and the old one leaves the JWKS after the overlap', () => {
    const { set, added } = rotate({ keys: [original] }, T, 3600, 86_400);
    expect(publishedKeys(set, T).map((k) => k.kid)).toEqual([original.kid, added.kid]);
    expect(activeKey(set, T + 3599)?.kid).toBe(original.kid);
    expect(activeKey(set, T + 3600)?.kid).toBe(added.kid);
    expect(publishedKeys(set, T + 3600 + 86_399)).toHaveLength(2);
    expect(publishedKeys(set, T + 3600 + 86_400).map((k) => k.kid)).toEqual([added.kid]);
    // Retiring before the overlap ends keeps both; after it, only the new key stays in the file.
    expect(retire(set, T + 7200, false).removed).toEqual([]);
    expect(retire(set, T + 3600 + 86_400, false)).toEqual({ set: { keys: [added] }, removed: [original.kid] });
    // Forced before activation, the key that signs now is the one kept.
    expect(retire(set, T, true).set.keys.map((k) => k.kid)).toEqual([original.kid]);
  });

  it('a second rotation keeps the first expiry and drops keys already expired', () => {
    const first = rotate({ keys: [original] }, T, 0, 100);
    const second = rotate(first.set, T + 50, 0, 1000);
    expect(second.set.keys.map((k) => [k.kid, k.exp])).toEqual([
      [original.kid, T + 100],
      [first.added.kid, T + 1050],
      [second.added.kid, undefined],
    ]);
    const third = rotate(second.set, T + 200, 0, 10);
    expect(third.set.keys.map((k) => k.kid)).not.toContain(original.kid);
  });

  it('a key rotated over before it ever signed is dropped, so it cannot take over later', () => {
    const pending = rotate({ keys: [original] }, T, 3600, 86_400);
    const now = rotate(pending.set, T + 10, 0, 86_400);
    expect(now.set.keys.map((k) => k.kid)).toEqual([original.kid, now.added.kid]);
    expect(activeKey(now.set, T + 7200)?.kid).toBe(now.added.kid);
  });

  it('never retires the last key', () => {
    const { set } = rotate({ keys: [original] }, T, 0, 0);
    expect(() => retire({ keys: [{ ...original, exp: T }] }, T, false)).toThrow(/no key would remain/);
    expect(retire(set, T, false).set.keys).toHaveLength(1);
  });
});
