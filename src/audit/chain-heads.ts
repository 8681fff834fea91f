import { Injectable } from '@nestjs/common';
import type { EntityManager, QueryRunner } from 'typeorm';
import { utcMicrosSql } from './audit-hash';

/** The locked head of one chain, and the transaction's time to stamp its rows with. */
export interface ChainHead {
  chain: number;
  lastSeq: number;
  lastHash: Buffer;
  /** now() of the transaction, formatted as hashed. */
  now: string;
}

const COLUMNS = `chain, last_seq, last_hash, ${utcMicrosSql('now()')} AS now`;

/**
 * Picks the chain a transaction appends to and locks its head row until commit.
 *
 * There are several chains (rows of audit_chain_heads; 16 from the migration, more can be
 * inserted), so writers do not queue behind one global head. A transaction takes whichever
 * head no one else holds (FOR UPDATE SKIP LOCKED), waiting only when every head is busy, and
 * keeps that one chain for all its rows: it never holds two heads, so heads cannot deadlock
 * with each other. Callers record their audit rows last in a transaction, so a head is held
 * only for the insert and the commit, and is the last lock taken.
 */
@Injectable()
export class ChainHeads {
  /** The chain each open transaction already holds (keyed by its query runner). */
  private readonly held = new WeakMap<QueryRunner, number>();

  async lock(manager: EntityManager): Promise<ChainHead> {
    const runner = manager.queryRunner;
    const mine = runner ? this.held.get(runner) : undefined;
    let rows: Record<string, any>[] = [];
    if (mine !== undefined) {
      rows = await manager.query(`SELECT ${COLUMNS} FROM audit_chain_heads WHERE chain = $1 FOR UPDATE`, [mine]);
    }
    if (!rows.length)
      rows = await manager.query(
        `SELECT ${COLUMNS} FROM audit_chain_heads ORDER BY random() LIMIT 1 FOR UPDATE SKIP LOCKED`,
      );
    if (!rows.length)
      rows = await manager.query(`SELECT ${COLUMNS} FROM audit_chain_heads ORDER BY random() LIMIT 1 FOR UPDATE`);
    if (!rows.length) throw new Error('audit_chain_heads is empty: the audit chain migration has not run');
    const head = {
      chain: rows[0].chain,
      lastSeq: Number(rows[0].last_seq),
      lastHash: rows[0].last_hash,
      now: rows[0].now,
    };
    if (runner) this.held.set(runner, head.chain);
    return head;
  }

  /** Makes the transaction append to `chain` (for a row that belongs on one chain: its seal). */
  async lockChain(manager: EntityManager, chain: number): Promise<void> {
    const runner = manager.queryRunner;
    if (!runner?.isTransactionActive) throw new Error('a chain is locked inside a transaction');
    await manager.query(`SELECT 1 FROM audit_chain_heads WHERE chain = $1 FOR UPDATE`, [chain]);
    this.held.set(runner, chain);
  }
}
