#!/usr/bin/env node
// Generates an ES256 key pair for every demo agency in config/agencies/*.yaml:
//   - the public JWKS goes where the agency file's `jwks` points (config/jwks/<id>.jwks.json);
//   - the private JWK (with kid) goes to config/demo-keys/<id>.private.jwk.json.
// DEMO ONLY: these keys are committed so that `docker compose up` works out of the box.
//
// Usage: node scripts/generate-demo-keys.mjs [--force]
//   Without --force an agency that already has both files is left alone.
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { calculateJwkThumbprint, exportJWK, generateKeyPair } from 'jose';
import { parse } from 'yaml';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const agenciesDir = join(root, 'config', 'agencies');
const demoKeysDir = join(root, 'config', 'demo-keys');
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
  if (!force && existsSync(jwksPath) && existsSync(privatePath)) return 'kept (use --force to replace)';

  const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
  const publicJwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(publicJwk); // RFC 7638: stable, derived from the key
  const meta = { kid, alg: 'ES256', use: 'sig' };
  writeJson(jwksPath, { keys: [{ ...publicJwk, ...meta }] });
  writeJson(privatePath, { ...(await exportJWK(privateKey)), ...meta });
  return `generated kid ${kid}`;
}

const files = readdirSync(agenciesDir).filter((f) => /\.ya?ml$/.test(f)).sort();
for (const file of files) {
  const path = join(agenciesDir, file);
  const agency = parse(readFileSync(path, 'utf8'));
  if (!agency || typeof agency.id !== 'string') {
    process.stderr.write(`${file}: no agency id, skipped\n`);
    continue;
  }
  process.stdout.write(`${agency.id}: ${await generateFor(agency, path)}\n`);
}
