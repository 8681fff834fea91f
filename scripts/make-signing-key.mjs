#!/usr/bin/env node
// Makes the hub's ed25519 delivery-signing key (a private JWK with its RFC 7638 kid), for
// HUB_SIGNING_KEY_FILE. In production the hub never generates one itself.
//
// Usage: node scripts/make-signing-key.mjs <file>      (refuses to overwrite an existing file)
import { createHash, generateKeyPairSync } from 'node:crypto';
import { writeFileSync } from 'node:fs';

const file = process.argv[2];
if (!file) {
  process.stderr.write('usage: node scripts/make-signing-key.mjs <file>\n');
  process.exit(64);
}
const jwk = generateKeyPairSync('ed25519').privateKey.export({ format: 'jwk' });
const kid = createHash('sha256')
  .update(JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x }))
  .digest('base64url');
// 'wx': never replace a key receivers already trust; 0600: the hub's user alone reads it.
writeFileSync(file, `${JSON.stringify({ ...jwk, kid }, null, 2)}\n`, { flag: 'wx', mode: 0o600 });
process.stdout.write(`wrote ${file} (kid ${kid}); receivers verify with GET /.well-known/jwks.json\n`);
