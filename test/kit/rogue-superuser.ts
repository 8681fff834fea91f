import { readFileSync } from 'node:fs';
import type pg from 'pg';

/**
 * Runs `work` as a rogue superuser would: every trigger on the audit log and its chain heads
 * switched off meanwhile, so rows can be edited, deleted and heads moved back.
 */
export async function asRogueSuperuser(db: pg.Pool, work: (c: pg.PoolClient) => Promise<void>): Promise<void> {
  const c = await db.connect();
  try {
    await c.query('BEGIN');
    await c.query('ALTER TABLE audit_log DISABLE TRIGGER ALL');
    await c.query('ALTER TABLE audit_chain_heads DISABLE TRIGGER ALL');
    await work(c);
    await c.query('ALTER TABLE audit_chain_heads ENABLE TRIGGER ALL');
    await c.query('ALTER TABLE audit_log ENABLE TRIGGER ALL');
    await c.query('COMMIT');
  } catch (e) {
    await c.query('ROLLBACK');
    throw e;
  } finally {
    c.release();
  }
}

/**
 * The hub's audit chain key, as someone who also stole the hub's key file would hold it: with
 * it a rewrite re-hashes and verifies, which only a checkpoint kept outside the hub catches.
 */
export function auditKeyOf(hub: { env: { auditKeyFile?: string } }): Buffer {
  return Buffer.from(readFileSync(hub.env.auditKeyFile!, 'utf8').trim(), 'base64');
}
