import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import type { AuditEntry } from './audit-entry';
import { KEYED_HASH_VERSION, personalDigest, rowHash, storedDetails, type ChainedFields } from './audit-hash';
import { AuditKey } from './audit-key';
import { ChainHeads } from './chain-heads';

const COLUMNS = [
  'at',
  'chain',
  'seq',
  'prev_hash',
  'hash',
  'action',
  'operation',
  'agency_id',
  'actor_sub',
  'agreement_ids',
  'recipients',
  'correlation_id',
  'details',
  'subject_id',
  'justification',
  'personal_salt',
  'personal_digest',
  'hash_version',
];
/** Keeps one INSERT well under Postgres's 65,535 bind parameters. */
const ROWS_PER_INSERT = 1000;

/**
 * The statutory log. Callers pass the transaction's EntityManager so the row commits with the
 * thing it records, or not at all; without one, the rows get a transaction of their own.
 * Every row is hash chained, keyed with the audit key (see audit-hash.ts and chain-heads.ts).
 */
@Injectable()
export class AuditLog {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly heads: ChainHeads,
    private readonly key: AuditKey,
  ) {}

  async record(entries: AuditEntry | AuditEntry[], manager?: EntityManager): Promise<void> {
    const list = Array.isArray(entries) ? entries : [entries];
    if (list.length === 0) return;
    if (manager?.queryRunner?.isTransactionActive) return this.append(manager, list);
    // The chain head must be locked until the rows commit, so a lone write needs a transaction.
    await this.dataSource.transaction((m) => this.append(m, list));
  }

  private async append(manager: EntityManager, entries: AuditEntry[]): Promise<void> {
    const head = await this.heads.lock(manager);
    let prev: Buffer = head.lastHash;
    let seq = head.lastSeq;
    const rows = entries.map((e) => {
      const fields: ChainedFields = {
        chain: head.chain,
        seq: ++seq,
        at: head.now,
        action: e.action,
        operation: e.operation,
        agencyId: e.agencyId,
        actorSub: e.actorSub,
        agreementIds: e.agreementIds ?? [],
        recipients: e.recipients ?? [],
        correlationId: e.correlationId ?? null,
        details: storedDetails(e.details),
      };
      const personal = { subjectId: e.subjectId ?? null, justification: e.justification ?? null };
      const salt = randomBytes(16);
      const digest = personalDigest(salt, personal);
      const hash = rowHash(prev, fields, digest, this.key.secret);
      const row = [
        fields.at,
        fields.chain,
        fields.seq,
        prev,
        hash,
        fields.action,
        fields.operation,
        fields.agencyId,
        fields.actorSub,
        fields.agreementIds,
        fields.recipients,
        fields.correlationId,
        JSON.stringify(fields.details),
        personal.subjectId,
        personal.justification,
        salt,
        digest,
        KEYED_HASH_VERSION,
      ];
      prev = hash;
      return row;
    });

    for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) {
      const chunk = rows.slice(start, start + ROWS_PER_INSERT);
      const values: unknown[] = [];
      const tuples = chunk.map((row) => {
        const o = values.length;
        values.push(...row);
        return `(${row.map((_, i) => `$${o + i + 1}`).join(',')})`;
      });
      const last = chunk[chunk.length - 1];
      values.push(head.chain, last[2], last[4]);
      const n = values.length;
      // One round trip: the rows and the head's new position commit together.
      await manager.query(
        `WITH rows AS (INSERT INTO audit_log (${COLUMNS.join(', ')}) VALUES ${tuples.join(',')})
         UPDATE audit_chain_heads SET last_seq = $${n - 1}, last_hash = $${n} WHERE chain = $${n - 2}`,
        values,
      );
    }
  }
}
