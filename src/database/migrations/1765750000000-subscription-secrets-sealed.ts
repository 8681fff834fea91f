import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Webhook secrets (`whsec_`) were stored in clear: anyone reading the database (a backup, a
 * replica, a reporting role) could forge the `v1` signature of any delivery. They are now
 * sealed with AES-256-GCM under the key in HUB_SECRETS_KEY_FILE, bound to their subscription
 * id, in `secret_sealed`. Self-contained on purpose (a migration must not change when the
 * application code does): the same format as src/subscriptions/subscription-secrets.ts.
 */
export class SubscriptionSecretsSealed1765750000000 implements MigrationInterface {
  name = 'SubscriptionSecretsSealed1765750000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE subscriptions RENAME COLUMN secret TO secret_sealed`);
    const rows: { id: string; secret_sealed: string }[] = await q.query(
      `SELECT id, secret_sealed FROM subscriptions WHERE secret_sealed IS NOT NULL`,
    );
    if (!rows.length) return;
    const key = secretsKey(q);
    for (const row of rows) {
      await q.query(`UPDATE subscriptions SET secret_sealed = $2 WHERE id = $1`, [
        row.id,
        seal(key, row.id, row.secret_sealed),
      ]);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    const rows: { id: string; secret_sealed: string }[] = await q.query(
      `SELECT id, secret_sealed FROM subscriptions WHERE secret_sealed IS NOT NULL`,
    );
    const key = rows.length ? secretsKey(q) : Buffer.alloc(0);
    for (const row of rows) {
      await q.query(`UPDATE subscriptions SET secret_sealed = $2 WHERE id = $1`, [
        row.id,
        open(key, row.id, row.secret_sealed),
      ]);
    }
    await q.query(`ALTER TABLE subscriptions RENAME COLUMN secret_sealed TO secret`);
  }
}

/** The data source carries the key file's path (src/database/data-source-options.ts). */
function secretsKey(q: QueryRunner): Buffer {
  const file = (q.connection.options as { hubSecretsKeyFile?: string }).hubSecretsKeyFile;
  if (!file || !existsSync(file)) {
    throw new Error(
      `Sealing the stored webhook secrets needs HUB_SECRETS_KEY_FILE (${file ?? 'unset'} does not exist); make one with scripts/make-secrets-key.mjs`,
    );
  }
  const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  if (key.length !== 32) throw new Error(`${file}: the secrets key must be 32 bytes, base64`);
  return key;
}

function seal(key: Buffer, id: string, secret: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(Buffer.from(`subscription:${id}`));
  const ciphertext = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return [
    'v1',
    iv.toString('base64url'),
    cipher.getAuthTag().toString('base64url'),
    ciphertext.toString('base64url'),
  ].join('.');
}

function open(key: Buffer, id: string, sealed: string): string {
  const [, iv, tag, ciphertext] = sealed.split('.');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url')).setAAD(
    Buffer.from(`subscription:${id}`),
  );
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
}
