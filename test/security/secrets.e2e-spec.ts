import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { Webhook } from 'standardwebhooks';
import { DataSource } from 'typeorm';
import { dataSourceOptions, MIGRATIONS } from '../../src/database/data-source-options';
import { SubscriptionSecrets } from '../../src/subscriptions/subscription-secrets';
import { courtExample } from '../kit/examples';
import { postCourtOutcome, subscribe } from '../kit/http';
import { startTestHub, type TestHub } from '../kit/test-hub';
import { WebhookReceiver } from '../kit/webhook-receiver';

/** Security review item 4: webhook secrets sealed at rest; deliveries still verify with them. */
describe('webhook secrets at rest', () => {
  let hub: TestHub;
  const police = new WebhookReceiver();

  beforeAll(async () => {
    hub = await startTestHub();
    await police.start();
  });
  afterAll(async () => {
    await hub.close();
    await police.close();
  });

  it('are not in the database row, and deliveries are still signed with them', async () => {
    const created = await subscribe(hub, 'police.west-yorkshire', police.url, [
      'subject.created',
      'conviction.recorded',
    ]);
    expect(created.status).toBe(201);
    const secret: string = created.body.secret;
    expect(secret).toMatch(/^whsec_/);

    const { rows } = await hub.db.query(`SELECT row_to_json(s)::text AS row FROM subscriptions s WHERE id = $1`, [
      created.body.id,
    ]);
    expect(rows).toHaveLength(1);
    for (const form of [
      secret,
      secret.slice(6),
      Buffer.from(secret.slice(6), 'base64').toString('hex'),
      Buffer.from(secret.slice(6), 'base64').toString('base64url'),
    ]) {
      expect(rows[0].row).not.toContain(form);
    }

    expect((await postCourtOutcome(hub, 'court.leeds-crown', courtExample('hearing-resulted-shpo'))).status).toBe(202);
    await police.waitFor((r) => r.length > 0);
    const delivery = police.received[0];
    expect(() => new Webhook(secret).verify(delivery.body, delivery.headers as Record<string, string>)).not.toThrow();
  });
});

describe('the migration that seals stored secrets', () => {
  const adminUrl =
    process.env.HUB_TEST_ADMIN_DATABASE_URL ??
    process.env.DATABASE_URL ??
    'postgres://postgres@127.0.0.1:5432/postgres';
  const database = `hub_test_${process.env.HUB_TEST_RUN ?? 'adhoc'}_sec_${Math.random().toString(36).slice(2, 8)}`;
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  const dir = mkdtempSync(join(tmpdir(), 'hub-secrets-'));
  const keyFile = join(dir, 'key');
  writeFileSync(keyFile, randomBytes(32).toString('base64'));
  const admin = async (sql: string) => {
    const c = new pg.Client({ connectionString: adminUrl });
    await c.connect();
    await c.query(sql);
    await c.end();
  };
  const connect = async (migrations: unknown[]) => {
    const ds = new DataSource({
      ...dataSourceOptions({ databaseUrl: url.href, secretsKeyFile: keyFile }),
      migrations,
    } as never);
    await ds.initialize();
    await ds.runMigrations({ transaction: 'each' });
    return ds;
  };
  const before = MIGRATIONS.findIndex((m) => m.name.startsWith('SubscriptionSecretsSealed'));

  beforeAll(() => admin(`CREATE DATABASE "${database}"`));
  afterAll(async () => {
    await admin(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    rmSync(dir, { recursive: true, force: true });
  });

  it('seals the secrets of existing subscriptions so the hub opens them, and can be undone', async () => {
    const old = await connect(MIGRATIONS.slice(0, before));
    const secret = `whsec_${randomBytes(32).toString('base64')}`;
    const [{ id }] = await old.query(
      `INSERT INTO subscriptions (agency_id, event_types, filter, mode, url, secret, created_by)
       VALUES ('police.west-yorkshire', '{subject.created}', '{}', 'webhook', 'https://receiver.example/hook', $1, 'pc-1') RETURNING id`,
      [secret],
    );
    await old.destroy();

    // Up to the sealing migration, so that undoing the last one undoes it.
    const ds = await connect(MIGRATIONS.slice(0, before + 1));
    try {
      const [row] = await ds.query(
        `SELECT row_to_json(s)::text AS text, secret_sealed FROM subscriptions s WHERE id = $1`,
        [id],
      );
      expect(row.text).not.toContain(secret.slice(6));
      const secrets = new SubscriptionSecrets({ secretsKeyFile: keyFile, production: true } as never);
      expect(secrets.open(id, row.secret_sealed)).toBe(secret);
      // Bound to its row: the same sealed value under another id does not open.
      expect(() => secrets.open('00000000-0000-4000-8000-000000000000', row.secret_sealed)).toThrow();

      await ds.undoLastMigration({ transaction: 'each' });
      expect((await ds.query(`SELECT secret FROM subscriptions WHERE id = $1`, [id]))[0].secret).toBe(secret);
    } finally {
      await ds.destroy();
    }
  });
});
