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
