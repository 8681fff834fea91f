#!/usr/bin/env node
// Makes the AES-256 key that seals webhook secrets (whsec_) at rest, for HUB_SECRETS_KEY_FILE:
// 32 random bytes, base64. Losing it loses every subscription's secret (receivers re-subscribe).
//
// Usage: node scripts/make-secrets-key.mjs <file>      (refuses to overwrite an existing file)
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';

const file = process.argv[2];
if (!file) {
  process.stderr.write('usage: node scripts/make-secrets-key.mjs <file>\n');
  process.exit(64);
}
writeFileSync(file, `${randomBytes(32).toString('base64')}\n`, { flag: 'wx', mode: 0o600 });
process.stdout.write(`wrote ${file}\n`);
