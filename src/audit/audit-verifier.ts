import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { GENESIS_HASH, personalDigest, rowHash, utcMicrosSql } from './audit-hash';

export interface BrokenLink {
  chain: number;
  seq: number;
  /** The row that fails; null when the break is rows missing from a chain's end. */
  auditId: string | null;
  reason: string;
}

export interface VerifyReport {
  ok: boolean;
  /** Rows checked: those committed when the walk began (it reads one snapshot). */
  checked: number;
  chains: number;
  /** Rows whose personal fields an erasure removed (their digests still verify the chain). */
  erased: number;
  firstBrokenAt?: BrokenLink;
  tookMs: number;
}

const BATCH = 5000;

const ROW_SQL = `SELECT id, chain, seq, ${utcMicrosSql('at')} AS at, action, operation, agency_id, actor_sub, agreement_ids,
                        recipients, correlation_id, details, subject_id, justification, personal_salt, personal_digest,
                        prev_hash, hash, erased_at
                   FROM audit_log`;

interface ChainState {
  chain: number;
  expectedSeq: number;
  prev: Buffer;
}

/**
 * Walks every chain in seq order, in batches by keyset on (chain, seq), inside one REPEATABLE READ
 * snapshot so rows appended meanwhile neither count nor confuse it. Stops at the first broken
 * link: a row changed, a row missing, a chain cut short of its head, or personal fields
 * removed other than by erasure.
 */
@Injectable()
export class AuditVerifier {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async verify(): Promise<VerifyReport> {
    const started = performance.now();
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction('REPEATABLE READ');
      await runner.query('SET TRANSACTION READ ONLY');
      const report = await this.walk(runner.manager);
      await runner.commitTransaction();
      return { ...report, tookMs: Math.round(performance.now() - started) };
    } catch (e) {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      throw e;
    } finally {
      await runner.release();
    }
  }

  private async walk(m: EntityManager): Promise<Omit<VerifyReport, 'tookMs'>> {
    const heads: { chain: number; last_seq: string; last_hash: Buffer }[] = await m.query(
      `SELECT chain, last_seq, last_hash FROM audit_chain_heads ORDER BY chain`,
    );
    let checked = 0;
    let erased = 0;
    const result = (firstBrokenAt?: BrokenLink) => ({ ok: !firstBrokenAt, checked, chains: heads.length, erased, ...(firstBrokenAt ? { firstBrokenAt } : {}) });

    const batch = (chain: number, fromSeq: number): Promise<Record<string, any>[]> =>
      m.query(`${ROW_SQL} WHERE chain = $1 AND seq >= $2 ORDER BY seq LIMIT ${BATCH}`, [chain, fromSeq]);
    for (const head of heads) {
      const state: ChainState = { chain: head.chain, expectedSeq: 1, prev: GENESIS_HASH };
      let pending = batch(head.chain, 1);
      for (;;) {
        const rows = await pending;
        // Ask for the next batch before hashing this one, so Postgres works while Node hashes.
        const full = rows.length === BATCH;
        if (full) pending = batch(head.chain, Number(rows[rows.length - 1].seq) + 1);
        for (const r of rows) {
          const broken = checkRow(r, state);
          if (broken) {
            if (full) await pending.catch(() => undefined);
            return result(broken);
          }
          if (r.erased_at) erased++;
          state.prev = r.hash;
          state.expectedSeq = Number(r.seq) + 1;
          checked++;
        }
        if (!full) break;
      }
      // The chain must end exactly where its head says: this catches rows deleted from its end.
      const lastSeq = state.expectedSeq - 1;
      const headSeq = Number(head.last_seq);
      if (lastSeq < headSeq) {
        return result({ chain: head.chain, seq: lastSeq + 1, auditId: null, reason: `chain ends at seq ${lastSeq} but its head records seq ${headSeq}: rows deleted from its end` });
      }
      if (lastSeq > headSeq || !state.prev.equals(head.last_hash)) {
        return result({ chain: head.chain, seq: lastSeq, auditId: null, reason: "the chain's last row is not the one its head records" });
      }
    }
    // Rows outside every chain were written around the writer (its foreign key disabled).
    const [stray] = await m.query(`SELECT id, chain, seq FROM audit_log WHERE chain <> ALL($1::int[]) OR seq < 1 ORDER BY chain, seq LIMIT 1`, [heads.map((h) => h.chain)]);
    if (stray) return result({ chain: stray.chain, seq: Number(stray.seq), auditId: stray.id, reason: 'row belongs to no chain' });
    return result();
  }
}

function checkRow(r: Record<string, any>, s: ChainState): BrokenLink | undefined {
  const seq = Number(r.seq);
  const at = (reason: string): BrokenLink => ({ chain: s.chain, seq, auditId: r.id, reason });
  if (seq !== s.expectedSeq) return at(`row(s) missing before this one: expected seq ${s.expectedSeq}`);
  if (!s.prev.equals(r.prev_hash)) return at("prev_hash is not the previous row's hash");
  if (r.personal_salt) {
    const digest = personalDigest(r.personal_salt, { subjectId: r.subject_id, justification: r.justification });
    if (!digest.equals(r.personal_digest)) return at('subject or justification changed: they no longer match their digest');
  } else if (!r.erased_at || r.subject_id !== null || r.justification !== null) {
    return at('personal fields removed other than by an erasure');
  }
  const hash = rowHash(
    s.prev,
    {
      chain: r.chain,
      seq,
      at: r.at,
      action: r.action,
      operation: r.operation,
      agencyId: r.agency_id,
      actorSub: r.actor_sub,
      agreementIds: r.agreement_ids,
      recipients: r.recipients,
      correlationId: r.correlation_id,
      details: r.details,
    },
    r.personal_digest,
  );
  if (!hash.equals(r.hash)) return at('row content does not match its hash');
  return undefined;
}
