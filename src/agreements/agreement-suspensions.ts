import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { Batcher } from '../database/batcher';
import { sqlRows } from '../database/sql-rows';

export interface Suspension {
  agreementId: string;
  reason: string;
  suspendedBy: string;
  suspendedAt: string;
}

/**
 * Suspensions an operator (a DPO) applies to a signed agreement, effective at once in every
 * process: Postgres holds them, and each exit refreshes its view before deciding. The set is
 * tiny (one row per suspended agreement), so a refresh is one indexed query.
 */
@Injectable()
export class AgreementSuspensions {
  private current = new Map<string, Suspension>();
  /** Callers who ask while a reload is running share the next one: each still sees a read begun after it asked. */
  private readonly reloads = new Batcher<void, void>(async (callers) => {
    await this.reload();
    return callers.map(() => undefined);
  });

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Reloads the suspensions in force; call before any decision that lets data leave. */
  refresh(): Promise<void> {
    return this.reloads.submit();
  }

  private async reload(): Promise<void> {
    const rows = await this.dataSource.query(
      `SELECT agreement_id, reason, suspended_by_agency || ' / ' || suspended_by_sub AS by, suspended_at FROM agreement_suspensions WHERE lifted_at IS NULL`,
    );
    this.current = new Map(
      rows.map((r: Record<string, any>) => [
        r.agreement_id,
        {
          agreementId: r.agreement_id,
          reason: r.reason,
          suspendedBy: r.by,
          suspendedAt: new Date(r.suspended_at).toISOString(),
        },
      ]),
    );
  }

  isSuspended(agreementId: string): boolean {
    return this.current.has(agreementId);
  }

  find(agreementId: string): Suspension | undefined {
    return this.current.get(agreementId);
  }

  /** False when it was already suspended. */
  async suspend(agreementId: string, reason: string, agency: string, sub: string): Promise<boolean> {
    const rows = await sqlRows(
      this.dataSource.manager,
      `INSERT INTO agreement_suspensions (agreement_id, reason, suspended_by_agency, suspended_by_sub) VALUES ($1, $2, $3, $4)
       ON CONFLICT (agreement_id) WHERE lifted_at IS NULL DO NOTHING RETURNING id`,
      [agreementId, reason, agency, sub],
    );
    await this.refresh();
    return rows.length > 0;
  }

  /** False when it was not suspended. */
  async lift(agreementId: string, sub: string): Promise<boolean> {
    const rows = await sqlRows(
      this.dataSource.manager,
      `UPDATE agreement_suspensions SET lifted_at = now(), lifted_by_sub = $2 WHERE agreement_id = $1 AND lifted_at IS NULL RETURNING id`,
      [agreementId, sub],
    );
    await this.refresh();
    return rows.length > 0;
  }
}
