import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { HubSigningKey } from '../auth/hub-signing-key';
import { ProblemException } from '../common/problem';
import { AuditVerifier, type VerifyReport } from './audit-verifier';

export const CHECKPOINT_TYP = 'hub-audit-checkpoint+jws';

/** One chain's head as it stood: its last row's position and hash (hex). */
export interface AnchoredHead {
  chain: number;
  seq: number;
  hash: string;
}

export interface Checkpoint {
  /** Compact JWS (EdDSA, the hub's key at /.well-known/jwks.json) over { issuedAt, heads }. */
  checkpoint: string;
  issuedAt: string;
  heads: AnchoredHead[];
}

export interface AnchorBreak {
  chain: number;
  seq: number;
  reason: string;
}

export interface CheckpointReport {
  ok: boolean;
  issuedAt: string;
  /** Anchored heads still found with the hash they had. */
  headsMatched: number;
  headsAnchored: number;
  firstAnchorBroken?: AnchorBreak;
  /** The full walk of today's chains, which must also be intact. */
  chains: VerifyReport;
}

/**
 * External anchoring of the audit log. Verify proves each chain consistent with itself, but a
 * superuser who rewrites a chain from some row to its head (re-hashing every row after it, moving
 * the head) or cuts rows off its end leaves a consistent chain. A checkpoint is the chain heads
 * signed by the hub; kept somewhere the database's administrators cannot reach (the DPO's
 * records, another agency, write-once storage), it fixes history up to then: each row's hash
 * covers every row before it, so an anchored head still found with its hash proves its chain
 * unchanged up to that row.
 */
@Injectable()
export class AuditCheckpoints {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly key: HubSigningKey,
    private readonly verifier: AuditVerifier,
  ) {}

  async issue(): Promise<Checkpoint> {
    const rows: { chain: number; last_seq: string; last_hash: Buffer }[] = await this.dataSource.query(
      `SELECT chain, last_seq, last_hash FROM audit_chain_heads WHERE last_seq > 0 ORDER BY chain`,
    );
    const heads = rows.map((r) => ({ chain: r.chain, seq: Number(r.last_seq), hash: r.last_hash.toString('hex') }));
    const issuedAt = new Date().toISOString();
    return { checkpoint: await this.key.signJws({ issuedAt, heads }, CHECKPOINT_TYP), issuedAt, heads };
  }

  async check(checkpoint: string): Promise<CheckpointReport> {
    const { issuedAt, heads } = await this.open(checkpoint);
    let headsMatched = 0;
    let firstAnchorBroken: AnchorBreak | undefined;
    for (const head of heads) {
      const [row]: { hash: Buffer }[] = await this.dataSource.query(
        `SELECT hash FROM audit_log WHERE chain = $1 AND seq = $2`,
        [head.chain, head.seq],
      );
      const broken = !row
        ? 'the anchored row is gone: the chain was cut back or rows removed'
        : row.hash.toString('hex') !== head.hash
          ? 'the anchored row no longer has the anchored hash: the chain was rewritten up to here'
          : null;
      if (broken) {
        firstAnchorBroken = { chain: head.chain, seq: head.seq, reason: broken };
        break;
      }
      headsMatched++;
    }
    const chains = await this.verifier.verify();
    return {
      ok: !firstAnchorBroken && chains.ok,
      issuedAt,
      headsMatched,
      headsAnchored: heads.length,
      ...(firstAnchorBroken ? { firstAnchorBroken } : {}),
      chains,
    };
  }

  /** The checkpoint's content, once its signature proves the hub issued it. */
  private async open(checkpoint: string): Promise<{ issuedAt: string; heads: AnchoredHead[] }> {
    let payload: unknown;
    try {
      payload = await this.key.verifyJws(checkpoint, CHECKPOINT_TYP);
    } catch {
      throw new ProblemException('CHECKPOINT_INVALID', 'Not a checkpoint signed by this hub', [
        {
          path: 'checkpoint',
          message: "is not a compact JWS of an audit checkpoint signed with the hub's current key",
        },
      ]);
    }
    const { issuedAt, heads } = payload as { issuedAt?: unknown; heads?: unknown };
    const valid =
      typeof issuedAt === 'string' &&
      Array.isArray(heads) &&
      heads.every((h) => Number.isInteger(h?.chain) && Number.isInteger(h?.seq) && typeof h?.hash === 'string');
    if (!valid)
      throw new ProblemException('CHECKPOINT_INVALID', "The checkpoint's content is not understood", [
        { path: 'checkpoint', message: 'signed, but not { issuedAt, heads: [{ chain, seq, hash }] }' },
      ]);
    return { issuedAt, heads: heads as AnchoredHead[] };
  }
}
