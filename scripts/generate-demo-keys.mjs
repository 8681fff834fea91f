#!/usr/bin/env node
// Generates an ES256 key pair for every demo agency in config/demo/agencies/*.yaml:
//   - the public JWKS goes where the agency file's `jwks` points (config/demo/jwks/<id>.jwks.json);
//   - the private JWK (with kid) goes to config/demo/keys/<id>.private.jwk.json;
//   - the public keys' thumbprints go to src/auth/demo-public-keys.ts, so that the hub refuses
//     them unless HUB_DEMO=true.
// DEMO ONLY: these keys are committed so that `docker compose up` works out of the box; the
// image never holds the private ones (.dockerignore), compose mounts them into the demo tools.
//
// Usage: node scripts/generate-demo-keys.mjs [--force]
//   Without --force an agency that already has both files is left alone.
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { calculateJwkThumbprint, exportJWK, generateKeyPair } from 'jose';
import { parse } from 'yaml';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const agenciesDir = join(root, 'config', 'demo', 'agencies');
const demoKeysDir = join(root, 'config', 'demo', 'keys');
const thumbprintsFile = join(root, 'src', 'auth', 'demo-public-keys.ts');
const force = process.argv.includes('--force');

function writeJson(path, value) {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);
}

async function generateFor(agency, agencyFile) {
  if (typeof agency.jwks !== 'string' || /^https?:/.test(agency.jwks)) {
    return `skipped (jwks is not a local file: ${agency.jwks})`;
  }
  const jwksPath = resolve(dirname(agencyFile), agency.jwks);
  const privatePath = join(demoKeysDir, `${agency.id}.private.jwk.json`);
  if (!force && existsSync(jwksPath) && existsSync(privatePath)) {
    thumbprints.push([agency.id, JSON.parse(readFileSync(jwksPath, 'utf8')).keys[0].kid]);
    return 'kept (use --force to replace)';
  }

  const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
  const publicJwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(publicJwk); // RFC 7638: stable, derived from the key
  const meta = { kid, alg: 'ES256', use: 'sig' };
  writeJson(jwksPath, { keys: [{ ...publicJwk, ...meta }] });
  writeJson(privatePath, { ...(await exportJWK(privateKey)), ...meta });
  thumbprints.push([agency.id, kid]);
  return `generated kid ${kid}`;
}

const thumbprints = [];
const files = readdirSync(agenciesDir)
  .filter((f) => /\.ya?ml$/.test(f))
  .sort();
for (const file of files) {
  const path = join(agenciesDir, file);
  const agency = parse(readFileSync(path, 'utf8'));
  if (!agency || typeof agency.id !== 'string') {
    process.stderr.write(`${file}: no agency id, skipped\n`);
    continue;
  }
  process.stdout.write(`${agency.id}: ${await generateFor(agency, path)}\n`);
}

writeFileSync(
  thumbprintsFile,
  `// Written by scripts/generate-demo-keys.mjs: do not edit by hand.
/**
 * RFC 7638 thumbprints of the committed demo agency keys (config/demo). Their private halves
 * are public, so the hub trusts a JWKS holding one of them only with HUB_DEMO=true.
 */
export const DEMO_PUBLIC_KEY_THUMBPRINTS: ReadonlySet<string> = new Set([
${thumbprints.map(([id, kid]) => `  '${kid}', // ${id}`).join('\n')}
]);
`,
);
