import type { DataSource } from 'typeorm';
import { UNKEYED_HASH_VERSION } from './audit-hash';
import { AuditKey } from './audit-key';
import { AuditLog } from './audit-log';
import { ChainHeads } from './chain-heads';

/** The operation of a chain's seal row. */
export const CHAIN_SEAL_OPERATION = 'audit.chain.keyed';

/**
 * Seals every chain that ends on unkeyed (v1, plain SHA-256) rows with a keyed row: its HMAC
 * covers the last unkeyed hash, so those rows are fixed from then on, and verify accepts no
 * unkeyed row after it (nor a chain ending on one). Run once, right after the migration that
 * keys the chain (see runPendingMigrations): sealing later would bless rows anyone holding the
 * database could have appended meanwhile. Returns the chains sealed.
 */
export async function sealUnkeyedChains(dataSource: DataSource, key: AuditKey): Promise<number[]> {
  const heads = new ChainHeads();
  const log = new AuditLog(dataSource, heads, key);
  const sealed: number[] = [];
  const chains: { chain: number }[] = await dataSource.query(
    `SELECT h.chain FROM audit_chain_heads h JOIN audit_log a ON a.chain = h.chain AND a.seq = h.last_seq
      WHERE a.hash_version = $1 ORDER BY h.chain`,
    [UNKEYED_HASH_VERSION],
  );
  for (const { chain } of chains) {
    await dataSource.transaction(async (m) => {
      await heads.lockChain(m, chain);
      const [{ last_seq }] = await m.query(`SELECT last_seq FROM audit_chain_heads WHERE chain = $1`, [chain]);
      await log.record(
        {
          action: 'ALTERATION',
          operation: CHAIN_SEAL_OPERATION,
          agencyId: 'hub',
          actorSub: 'system:audit',
          details: { unkeyedRows: Number(last_seq) },
        },
        m,
      );
    });
    sealed.push(chain);
  }
  return sealed;
}
