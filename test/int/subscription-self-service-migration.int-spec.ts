import { MIGRATIONS } from '../../src/database/data-source-options';
import { migrationDatabase } from '../kit/migration-database';

/**
 * The self-service migration on a hub that already holds subscriptions and events: they are
 * kept as they were; only the hub's own events may lack a subject; an agency's Idempotency-Key
 * binds one subscription; and it can be undone.
 */
describe('the self-service subscriptions migration', () => {
  const db = migrationDatabase('subs');
  const at = MIGRATIONS.findIndex((m) => m.name.startsWith('SubscriptionSelfService'));

  beforeAll(() => db.create());
  afterAll(() => db.drop());

  it('keeps existing rows, allows only hub.* events without a subject, binds a key once, and undoes cleanly', async () => {
    expect(at).toBeGreaterThan(0);
    const old = await db.migrateTo(MIGRATIONS.slice(0, at));
    const [{ id: subject }] = await old.query(`INSERT INTO subjects (record) VALUES ('{}') RETURNING id`);
    await old.query(
      `INSERT INTO events (subject_id, type, sequence, data, source_agency) VALUES ($1, 'conviction.recorded', 1, '{}', 'court')`,
      [subject],
    );
    const [{ id: sub }] = await old.query(
      `INSERT INTO subscriptions (agency_id, event_types, mode, url, secret_sealed, created_by)
       VALUES ('police', '{conviction.recorded}', 'webhook', 'https://x.example/h', 'v1.sealed', 'tester') RETURNING id`,
    );
    await old.destroy();

    // Up to this migration only, so undoing the last one undoes it whatever comes after.
    const ds = await db.migrateTo(MIGRATIONS.slice(0, at + 1));
    try {
      const [row] = await ds.query(`SELECT * FROM subscriptions WHERE id = $1`, [sub]);
      expect(row).toMatchObject({
        secret_sealed: 'v1.sealed',
        previous_secret_sealed: null,
        previous_secret_expires_at: null,
        idempotency_key: null,
      });
      const [{ id: testEvent }] = await ds.query(
        `INSERT INTO events (subject_id, type, sequence, data, source_agency, audience) VALUES (NULL, 'hub.subscription.test', 0, '{}', 'hub', '{police}') RETURNING id`,
      );
      // Delivered and acknowledged, as an integrator trying its acknowledgement flow would.
      await ds.query(
        `INSERT INTO deliveries (event_id, subscription_id, agency_id, agreement_ids, payload, status) VALUES ($1, $2, 'police', '{}', '{}', 'delivered')`,
        [testEvent, sub],
      );
      await ds.query(
        `INSERT INTO acknowledgements (event_id, agency_id, acknowledged_by) VALUES ($1, 'police', 'tester')`,
        [testEvent],
      );
      await expect(
        ds.query(
          `INSERT INTO events (subject_id, type, sequence, data, source_agency) VALUES (NULL, 'conviction.recorded', 0, '{}', 'court')`,
        ),
      ).rejects.toThrow(/events_subject_or_hub/);
      const keyed = `INSERT INTO subscriptions (agency_id, event_types, mode, created_by, idempotency_key, request_sha256)
                     VALUES ($1, '{conviction.recorded}', 'feed', 'tester', 'k-1', 'h')`;
      await ds.query(keyed, ['police']);
      await ds.query(keyed, ['probation']);
      await expect(ds.query(keyed, ['police'])).rejects.toThrow(/subscriptions_idempotency/);

      await ds.undoLastMigration({ transaction: 'each' });
      expect((await ds.query(`SELECT count(*)::int AS n FROM events`))[0].n).toBe(1);
      const [nullable] = await ds.query(
        `SELECT is_nullable FROM information_schema.columns WHERE table_name = 'events' AND column_name = 'subject_id'`,
      );
      expect(nullable.is_nullable).toBe('NO');
      const columns = (
        await ds.query(`SELECT column_name FROM information_schema.columns WHERE table_name = 'subscriptions'`)
      ).map((c: { column_name: string }) => c.column_name);
      expect(columns).not.toContain('previous_secret_sealed');
      expect(columns).not.toContain('idempotency_key');
    } finally {
      await ds.destroy();
    }
  });
});
