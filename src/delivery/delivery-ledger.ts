import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { AuditEntry } from '../audit/audit-entry';
import { AuditLog } from '../audit/audit-log';
import { Batcher } from '../database/batcher';
import { DeliveryRepository } from './delivery.repository';
import { SubscriptionHealth } from './subscription-health';

/** The receiver has it: the delivery's status update and its audit row commit together. */
export interface SentDelivery {
  id: string;
  subscriptionId: string;
  /** The receiver's answer where the kind has one (HTTP). */
  statusCode: number | null;
  ackWithinMs: number | null;
  audit: AuditEntry;
}

/**
 * What the delivery workers write to Postgres around each call, group committed: the attempts
 * (and the successes) of the deliveries in flight at one moment share one transaction, one
 * chain-head lock and one multi-row audit insert, instead of a transaction each. Every attempt
 * and every success still has its own audit row, committed in the same transaction as what it
 * records, before the caller goes on.
 */
@Injectable()
export class DeliveryLedger {
  private readonly attempts = new Batcher<AuditEntry, void>((entries) => this.writeAttempts(entries));
  private readonly successes = new Batcher<SentDelivery, boolean>((sent) => this.writeSuccesses(sent));

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly deliveries: DeliveryRepository,
    private readonly audit: AuditLog,
    private readonly health: SubscriptionHealth,
  ) {}

  /** Resolves once the attempt's audit row is durable: from then on the data may leave the hub. */
  attempted(entry: AuditEntry): Promise<void> {
    return this.attempts.submit(entry);
  }

  /** Marks the delivery delivered with its audit row; false when it was already settled (nothing written). */
  delivered(sent: SentDelivery): Promise<boolean> {
    return this.successes.submit(sent);
  }

  private async writeAttempts(entries: AuditEntry[]): Promise<void[]> {
    await this.audit.record(entries);
    return entries.map(() => undefined);
  }

  private async writeSuccesses(sent: SentDelivery[]): Promise<boolean[]> {
    return this.dataSource.transaction(async (m) => {
      // If a crash loses this commit the delivery is sent again under the same webhook-id (receivers
      // dedup) and recorded then; the attempt itself was logged durably before. No fsync wait here.
      await m.query('SET LOCAL synchronous_commit = off');
      const marked = await this.deliveries.markDelivered(m, sent);
      // One success row per delivery moved: a duplicate job for the same delivery in this batch gets false.
      const won = sent.map((d) => marked.delete(d.id));
      await this.audit.record(
        sent.filter((_, i) => won[i]).map((d) => d.audit),
        m,
      );
      await this.health.succeeded(
        m,
        sent.filter((_, i) => won[i]).map((d) => d.subscriptionId),
      );
      return won;
    });
  }
}
