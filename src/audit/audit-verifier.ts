import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import {
  GENESIS_HASH,
  KEYED_HASH_VERSION,
  personalDigest,
  rowHash,
  UNKEYED_HASH_VERSION,
  utcMicrosSql,
} from './audit-hash';
import { AuditKey } from './audit-key';

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
                        prev_hash, hash, erased_at, hash_version, erased_by_entry
                   FROM audit_log`;

interface ChainState {
  chain: number;
  expectedSeq: number;
  prev: Buffer;
  /** A keyed row has been seen: every later row of the chain must be keyed too. */
  keyed: boolean;
}

/** What the walk keeps to check erasures once every chain is read: they may point across chains. */
interface ErasureLinks {
  /** ERASURE rows by id: their `at` and how many rows they say they erased. */
  erasures: Map<string, { at: string; auditRows: number; link: BrokenLink }>;
  /** Erased rows: the ERASURE row each points at. */
  erased: { entry: string; at: string; link: BrokenLink }[];
}

/**
 * Walks every chain in seq order, in batches by keyset on (chain, seq), inside one REPEATABLE READ
 * snapshot so rows appended meanwhile neither count nor confuse it. Stops at the first broken
 * link: a row changed, a row missing, a chain cut short of its head, a row not keyed with the
 * audit key (an unkeyed row is accepted only before a chain's first keyed row, and a chain may
 * not end on one), or personal fields removed other than by an erasure: each erased row must
 * point at an ERASURE row logged at or after it, and each ERASURE row's count of erased rows
 * must be the number pointing at it.
 */
@Injectable()
export class AuditVerifier {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly key: AuditKey,
  ) {}

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
    const result = (firstBrokenAt?: BrokenLink) => ({
      ok: !firstBrokenAt,
      checked,
      chains: heads.length,
      erased,
      ...(firstBrokenAt ? { firstBrokenAt } : {}),
    });

    const batch = (chain: number, fromSeq: number): Promise<Record<string, any>[]> =>
      m.query(`${ROW_SQL} WHERE chain = $1 AND seq >= $2 ORDER BY seq LIMIT ${BATCH}`, [chain, fromSeq]);
    const links: ErasureLinks = { erasures: new Map(), erased: [] };
    for (const head of heads) {
      const state: ChainState = { chain: head.chain, expectedSeq: 1, prev: GENESIS_HASH, keyed: false };
      let pending = batch(head.chain, 1);
      for (;;) {
        const rows = await pending;
        // Ask for the next batch before hashing this one, so Postgres works while Node hashes.
        const full = rows.length === BATCH;
        if (full) pending = batch(head.chain, Number(rows[rows.length - 1].seq) + 1);
        for (const r of rows) {
          const broken = checkRow(r, state, this.key.secret);
          if (broken) {
            if (full) await pending.catch(() => undefined);
            return result(broken);
          }
          if (r.erased_at) erased++;
          noteErasureLinks(r, state, links);
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
        return result({
          chain: head.chain,
          seq: lastSeq + 1,
          auditId: null,
          reason: `chain ends at seq ${lastSeq} but its head records seq ${headSeq}: rows deleted from its end`,
        });
      }
      if (lastSeq > headSeq || !state.prev.equals(head.last_hash)) {
        return result({
          chain: head.chain,
          seq: lastSeq,
          auditId: null,
          reason: "the chain's last row is not the one its head records",
        });
      }
      // Unkeyed rows at a chain's end could have been appended by anyone: the hub seals each
      // chain with a keyed row at start (AuditChainSeal), so a genuine chain never ends on one.
      if (lastSeq > 0 && !state.keyed) {
        return result({
          chain: head.chain,
          seq: lastSeq,
          auditId: null,
          reason: 'the chain ends on unkeyed rows: not sealed with the audit key',
        });
      }
    }
    const badErasure = checkErasureLinks(links);
    if (badErasure) return result(badErasure);
    // Rows outside every chain were written around the writer (its foreign key disabled).
    const [stray] = await m.query(
      `SELECT id, chain, seq FROM audit_log WHERE chain <> ALL($1::int[]) OR seq < 1 ORDER BY chain, seq LIMIT 1`,
      [heads.map((h) => h.chain)],
    );
    if (stray)
      return result({
        chain: stray.chain,
        seq: Number(stray.seq),
        auditId: stray.id,
        reason: 'row belongs to no chain',
      });
    return result();
  }
}

function checkRow(r: Record<string, any>, s: ChainState, auditKey: Buffer): BrokenLink | undefined {
  const seq = Number(r.seq);
  const at = (reason: string): BrokenLink => ({ chain: s.chain, seq, auditId: r.id, reason });
  if (seq !== s.expectedSeq) return at(`row(s) missing before this one: expected seq ${s.expectedSeq}`);
  if (!s.prev.equals(r.prev_hash)) return at("prev_hash is not the previous row's hash");
  if (r.hash_version === UNKEYED_HASH_VERSION) {
    if (s.keyed) return at('unkeyed row after keyed rows: not written with the audit key');
  } else if (r.hash_version === KEYED_HASH_VERSION) {
    s.keyed = true;
  } else {
    return at(`unknown hash_version ${r.hash_version}`);
  }
  if (r.personal_salt) {
    const digest = personalDigest(r.personal_salt, { subjectId: r.subject_id, justification: r.justification });
    if (!digest.equals(r.personal_digest))
      return at('subject or justification changed: they no longer match their digest');
    if (r.erased_by_entry !== null) return at('points at an ERASURE row but was not erased');
  } else if (!r.erased_at || r.subject_id !== null || r.justification !== null) {
    return at('personal fields removed other than by an erasure');
  } else if (r.erased_by_entry === null) {
    return at('erased, but points at no ERASURE row');
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
    r.hash_version === KEYED_HASH_VERSION ? auditKey : undefined,
  );
  if (!hash.equals(r.hash)) return at('row content does not match its hash');
  return undefined;
}

/** Notes a verified row's part in erasures: an ERASURE row, or a row erased by one. */
function noteErasureLinks(r: Record<string, any>, s: ChainState, links: ErasureLinks): void {
  const link: BrokenLink = { chain: s.chain, seq: Number(r.seq), auditId: r.id, reason: '' };
  if (r.action === 'ERASURE' && r.operation === 'subject.erased' && r.subject_id !== null) {
    links.erasures.set(String(r.id), { at: r.at, auditRows: Number(r.details?.auditRows), link });
  }
  if (r.erased_by_entry !== null) links.erased.push({ entry: String(r.erased_by_entry), at: r.at, link });
}

/**
 * Every erased row points at an ERASURE row of a subject, logged at or after it (`at` is hashed,
 * RFC 3339 UTC text, so it compares as a string), and every ERASURE row is pointed at by exactly
 * as many rows as it says it erased: erasing a row no erasure counted is caught.
 */
function checkErasureLinks(links: ErasureLinks): BrokenLink | undefined {
  const pointing = new Map<string, number>();
  for (const e of links.erased) {
    const erasure = links.erasures.get(e.entry);
    if (!erasure)
      return { ...e.link, reason: `erased, but erased_by_entry ${e.entry} is not the ERASURE row of a subject` };
    if (erasure.at < e.at) return { ...e.link, reason: `erased by ERASURE row ${e.entry}, which was logged before it` };
    pointing.set(e.entry, (pointing.get(e.entry) ?? 0) + 1);
  }
  for (const [id, erasure] of links.erasures) {
    const n = pointing.get(id) ?? 0;
    if (n !== erasure.auditRows)
      return {
        ...erasure.link,
        reason: `the ERASURE row counts ${erasure.auditRows} erased rows but ${n} point at it`,
      };
  }
  return undefined;
}
