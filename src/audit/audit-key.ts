import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import { resolve } from 'node:path';
import { HUB_ENVIRONMENT, type HubEnvironment } from '../../config/environment';

/** Where a generated key goes when HUB_AUDIT_KEY_FILE is unset outside production (git-ignored). */
export const GENERATED_AUDIT_KEY_FILE = '.hub-audit-key';
const MIN_KEY_BYTES = 32;

/**
 * The secret the audit chain is keyed with (HMAC-SHA256, see audit-hash.ts). It lives in a file
 * outside the database, so someone holding only the database (a DBA, a stolen backup, a
 * superuser) cannot append rows that verify. The file holds at least 32 random bytes, base64.
 * In production it must be provided; elsewhere a missing one is generated, with a warning.
 */
@Injectable()
export class AuditKey {
  private readonly logger = new Logger(AuditKey.name);
  readonly secret: Buffer;

  constructor(@Inject(HUB_ENVIRONMENT) env: Pick<HubEnvironment, 'auditKeyFile' | 'production'>) {
    const file = env.auditKeyFile ?? resolve(GENERATED_AUDIT_KEY_FILE);
    if (env.production) {
      this.secret = readAuditKey(file, 'HUB_AUDIT_KEY_FILE is required in production');
      return;
    }
    if (writeNewKeyIfAbsent(file)) {
      const why = env.auditKeyFile ? `${file} did not exist` : 'HUB_AUDIT_KEY_FILE is unset';
      this.logger.warn(
        `${why}: generated a new audit chain key in ${file}. Keep it outside the database (and set HUB_AUDIT_KEY_FILE) in production; without it the log cannot be verified.`,
      );
    }
    this.secret = readAuditKey(file, 'the audit chain key');
  }
}

function readAuditKey(file: string, what: string): Buffer {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new Error(
      `${what}: ${file} cannot be read (${(e as NodeJS.ErrnoException).code ?? e}). It must hold at least ${MIN_KEY_BYTES} random bytes, base64.`,
      { cause: e },
    );
  }
  const secret = Buffer.from(text.trim(), 'base64');
  if (secret.length < MIN_KEY_BYTES)
    throw new Error(
      `${file}: the audit chain key must be at least ${MIN_KEY_BYTES} random bytes, base64 (e.g. openssl rand -base64 32)`,
    );
  return secret;
}

/** Writes a new key only if none exists (O_EXCL), so processes started together agree on one. */
function writeNewKeyIfAbsent(file: string): boolean {
  let fd: number;
  try {
    fd = openSync(file, 'wx', 0o600);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
  writeSync(fd, `${randomBytes(MIN_KEY_BYTES).toString('base64')}\n`);
  closeSync(fd);
  return true;
}
