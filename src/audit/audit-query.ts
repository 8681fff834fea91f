import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Caller } from '../auth/agency';
import { utcMicrosSql } from './audit-hash';
import { encodeAuditCursor } from './audit-cursor';
import type { AuditFilters } from './audit-query-params';

export interface AuditItem {
  id: string;
  at: string;
  action: string;
  operation: string;
  agency: string;
  actorSub: string;
  subjectId: string | null;
  justification: string | null;
  agreementIds: string[];
  recipients: string[];
  correlationId: string | null;
  details: Record<string, unknown>;
  chain: number;
  seq: number;
  hash: string;
  /** When an erasure removed subjectId and justification from this row; null if it did not. */
  erasedAt: string | null;
}

/**
 * Reads of the statutory log, newest first, paged by id. Hub operators see every row; any
 * other agency holding audit:read sees only rows where it acted or was a recipient.
 */
@Injectable()
export class AuditQuery {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async find(caller: Caller, f: AuditFilters): Promise<{ items: AuditItem[]; nextCursor: string | null }> {
    const where: string[] = [];
    const params: unknown[] = [];
    const param = (v: unknown) => `$${params.push(v)}`;
    if (caller.agency.kind !== 'HUB_OPERATOR') {
      const me = param(caller.agency.id);
      where.push(`(agency_id = ${me} OR recipients @> ARRAY[${me}]::text[])`);
    }
    if (f.subjectId) where.push(`subject_id = ${param(f.subjectId)}`);
    if (f.agency) {
      const agency = param(f.agency);
      where.push(`(agency_id = ${agency} OR recipients @> ARRAY[${agency}]::text[])`);
    }
    if (f.action) where.push(`action = ${param(f.action)}`);
    if (f.from) where.push(`at >= ${param(f.from)}::timestamptz`);
    if (f.to) where.push(`at < ${param(f.to)}::timestamptz`);
    if (f.beforeId) where.push(`id < ${param(f.beforeId)}::bigint`);
    // Only the filters given reach the SQL, so each query can use its own index.
    const rows: Record<string, any>[] = await this.dataSource.query(
      `SELECT id, ${utcMicrosSql('at')} AS at, action, operation, agency_id, actor_sub, subject_id, justification, agreement_ids,
              recipients, correlation_id, details, chain, seq, encode(hash, 'hex') AS hash, erased_at
         FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY id DESC LIMIT ${param(f.limit + 1)}`,
      params,
    );
    const page = rows.slice(0, f.limit);
    return {
      items: page.map((r) => ({
        id: r.id,
        at: r.at,
        action: r.action,
        operation: r.operation,
        agency: r.agency_id,
        actorSub: r.actor_sub,
        subjectId: r.subject_id,
        justification: r.justification,
        agreementIds: r.agreement_ids,
        recipients: r.recipients,
        correlationId: r.correlation_id,
        details: r.details,
        chain: r.chain,
        seq: Number(r.seq),
        hash: r.hash,
        erasedAt: r.erased_at ? new Date(r.erased_at).toISOString() : null,
      })),
      nextCursor: rows.length > f.limit ? encodeAuditCursor(page[page.length - 1].id) : null,
    };
  }
}
