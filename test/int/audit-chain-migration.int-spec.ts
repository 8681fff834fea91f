import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sealUnkeyedChains } from '../../src/audit/audit-chain-seal';
import { AuditKey } from '../../src/audit/audit-key';
import { AuditLog } from '../../src/audit/audit-log';
import { AuditVerifier } from '../../src/audit/audit-verifier';
import { ChainHeads } from '../../src/audit/chain-heads';
import { MIGRATIONS } from '../../src/database/data-source-options';
import { migrationDatabase } from '../kit/migration-database';

/** A deployed hub already holds unchained audit rows: the migration must chain them, and verify must accept them. */
describe('the audit hash chain migration on a database that already has audit rows', () => {
  const db = migrationDatabase('mig');
  const before = MIGRATIONS.findIndex((m) => m.name.startsWith('AuditHashChain'));
  const keyDir = mkdtempSync(join(tmpdir(), 'audit-key-'));
  writeFileSync(join(keyDir, 'audit.key'), randomBytes(32).toString('base64'));
  const key = new AuditKey({ auditKeyFile: join(keyDir, 'audit.key'), production: true });

  beforeAll(() => db.create());
  afterAll(async () => {
    await db.drop();
    rmSync(keyDir, { recursive: true, force: true });
  });

  it('chains the old rows into chain 0 in id order, and new rows continue the chains', async () => {
    const old = await db.migrateTo(MIGRATIONS.slice(0, before));
    await old.query(
      `INSERT INTO audit_log (action, operation, agency_id, actor_sub, subject_id, justification, agreement_ids, recipients, correlation_id, details)
       VALUES ('COLLECTION', 'inbound.accepted', 'court.leeds-crown', 'clerk-1', NULL, NULL, '{}', '{}', 'm-1', '{"adapter":"court-outcomes"}'),
              ('CONSULTATION', 'subject.read', 'police.west-yorkshire', 'pc-1', gen_random_uuid(), 'MAPPA meeting', '{DSA-1}', '{}', NULL, '{}'),
              ('DISCLOSURE', 'delivery.succeeded', 'hub', 'system:delivery', gen_random_uuid(), NULL, '{DSA-1}', '{police.west-yorkshire}', 'e-1', '{"status":204}')`,
    );
    await old.destroy();

    const ds = await db.migrateTo(MIGRATIONS);
    try {
      const rows = await ds.query(`SELECT chain, seq FROM audit_log ORDER BY id`);
      expect(rows.map((r: any) => [r.chain, Number(r.seq)])).toEqual([
        [0, 1],
        [0, 2],
        [0, 3],
      ]);
      const verifier = new AuditVerifier(ds, key);
      // The old rows are unkeyed (SHA-256): a chain may not end on them until the hub seals it
      // with a keyed row, as it does right after this migration (runPendingMigrations).
      expect(await verifier.verify()).toMatchObject({
        ok: false,
        firstBrokenAt: { chain: 0, seq: 3, reason: 'the chain ends on unkeyed rows: not sealed with the audit key' },
      });
      expect(await sealUnkeyedChains(ds, key)).toEqual([0]);
      expect(await verifier.verify()).toMatchObject({ ok: true, checked: 4, chains: 16 });

      const log = new AuditLog(ds, new ChainHeads(), key);
      await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          log.record({
            action: 'CONSULTATION',
            operation: 'admin.quarantine.read',
            agencyId: 'hub.operators',
            actorSub: `op-${i}`,
          }),
        ),
      );
      expect(await verifier.verify()).toMatchObject({ ok: true, checked: 24 });
      const versions = await ds.query(`SELECT hash_version, count(*)::int AS n FROM audit_log GROUP BY 1 ORDER BY 1`);
      expect(versions).toEqual([
        { hash_version: 1, n: 3 },
        { hash_version: 2, n: 21 },
      ]);

      // The migration can be undone and done again.
      await ds.undoLastMigration({ transaction: 'each' });
      await ds.undoLastMigration({ transaction: 'each' });
      await expect(ds.query(`DELETE FROM audit_log`)).rejects.toThrow(/append-only/);
      await ds.runMigrations({ transaction: 'each' });
      expect(await verifier.verify()).toMatchObject({ ok: true, checked: 24 });
    } finally {
      await ds.destroy();
    }
  });
});
