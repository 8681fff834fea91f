import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { AuditEntry } from './audit-entry';

/**
 * The statutory log. Callers pass the transaction's EntityManager so the row commits with the
 * thing it records, or not at all.
 */
@Injectable()
export class AuditLog {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async record(entries: AuditEntry | AuditEntry[], manager: EntityManager = this.dataSource.manager): Promise<void> {
    const rows = Array.isArray(entries) ? entries : [entries];
    if (rows.length === 0) return;
    const values: unknown[] = [];
    const tuples = rows.map((e, i) => {
      values.push(
        e.action,
        e.operation,
        e.agencyId,
        e.actorSub,
        e.subjectId ?? null,
        e.justification ?? null,
        e.agreementIds ?? [],
        e.recipients ?? [],
        e.correlationId ?? null,
        JSON.stringify(e.details ?? {}),
      );
      const o = i * 10;
      return `($${o + 1},$${o + 2},$${o + 3},$${o + 4},$${o + 5},$${o + 6},$${o + 7},$${o + 8},$${o + 9},$${o + 10})`;
    });
    await manager.query(
      `INSERT INTO audit_log (action, operation, agency_id, actor_sub, subject_id, justification, agreement_ids, recipients, correlation_id, details)
       VALUES ${tuples.join(',')}`,
      values,
    );
  }
}
