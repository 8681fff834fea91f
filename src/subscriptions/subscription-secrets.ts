import { Inject, Injectable, Logger } from '@nestjs/common';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { closeSync, existsSync, openSync, readFileSync, writeSync } from 'node:fs';
import { resolve } from 'node:path';
import { GENERATED_SECRETS_KEY_FILE, HUB_ENVIRONMENT, type HubEnvironment } from '../../config/environment';

/** A new `whsec_` secret: 32 random bytes, base64, as the Standard Webhooks libraries take it. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

/** Sealed form: version, 96-bit IV, GCM tag, ciphertext, each base64url. */
const SEALED = /^v1\.([A-Za-z0-9_-]{16})\.([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]+)$/;

/**
 * Webhook secrets (`whsec_`) sealed at rest with AES-256-GCM: a copy of the database (a
 * backup, a replica, a read-only role) does not let anyone forge the `v1` signature of a
 * delivery. Each is bound to its subscription id, so a sealed value moved to another row fails.
 */
@Injectable()
export class SubscriptionSecrets {
  private readonly logger = new Logger(SubscriptionSecrets.name);
  private readonly key: Buffer;

  constructor(@Inject(HUB_ENVIRONMENT) env: HubEnvironment) {
    this.key = loadSecretsKey(env, (message) => this.logger.warn(message));
  }

  seal(subscriptionId: string, secret: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv).setAAD(Buffer.from(`subscription:${subscriptionId}`));
    const ciphertext = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    return ['v1', iv, cipher.getAuthTag(), ciphertext]
      .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
      .join('.');
  }

  /**
   * The secrets a delivery's `v1` signatures are made with, newest first: the current one, and
   * the one it replaced while that rotation's overlap lasts (receivers switch over in their own time).
   */
  forSigning(
    subscriptionId: string,
    sealed: { current: string | null; previous: string | null; previousExpiresAt: Date | null },
    now = Date.now(),
  ): string[] {
    const stillValid = sealed.previous && sealed.previousExpiresAt && sealed.previousExpiresAt.getTime() > now;
    return [sealed.current, stillValid ? sealed.previous : null]
      .filter((s): s is string => !!s)
      .map((s) => this.open(subscriptionId, s));
  }

  /** Throws when the value was not sealed by this key for this subscription. */
  open(subscriptionId: string, sealed: string): string {
    const m = SEALED.exec(sealed);
    if (!m) throw new Error(`subscription ${subscriptionId}: the stored secret is not sealed`);
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(m[1], 'base64url')).setAAD(
      Buffer.from(`subscription:${subscriptionId}`),
    );
    decipher.setAuthTag(Buffer.from(m[2], 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(m[3], 'base64url')), decipher.final()]).toString('utf8');
  }
}

/** The 32-byte key; generated (O_EXCL, so processes started together agree) only outside production. */
export function loadSecretsKey(
  env: Pick<HubEnvironment, 'secretsKeyFile' | 'production'>,
  warn: (message: string) => void,
): Buffer {
  const file = env.secretsKeyFile ?? resolve(GENERATED_SECRETS_KEY_FILE);
  if (!existsSync(file)) {
    if (env.production) {
      throw new Error(
        `HUB_SECRETS_KEY_FILE ${file} does not exist; in production the hub never generates it. Make one with \`node scripts/make-secrets-key.mjs ${file}\`.`,
      );
    }
    writeNewKeyIfAbsent(file);
    warn(
      `${env.secretsKeyFile ? `${file} did not exist` : 'HUB_SECRETS_KEY_FILE is unset'}: generated a key sealing webhook secrets in ${file}. Keep it (and set HUB_SECRETS_KEY_FILE) in production.`,
    );
  }
  const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  if (key.length !== 32)
    throw new Error(`${file}: the secrets key must be 32 bytes, base64 (make one with scripts/make-secrets-key.mjs)`);
  return key;
}

function writeNewKeyIfAbsent(file: string): void {
  let fd: number;
  try {
    fd = openSync(file, 'wx', 0o600);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return;
    throw e;
  }
  writeSync(fd, `${randomBytes(32).toString('base64')}\n`);
  closeSync(fd);
}
