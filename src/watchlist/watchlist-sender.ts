import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Job } from 'bullmq';
import type { DataSource } from 'typeorm';
import { HUB_ENVIRONMENT, type HubEnvironment } from '../../config/environment';
import type { Agreement } from '../agreements/agreement';
import { DisclosurePolicy } from '../agreements/disclosure-policy';
import { AgencyRegistry } from '../auth/agency-registry';
import { AuditLog } from '../audit/audit-log';
import { todayInLondon } from '../canonical/civil-date';
import { identityKey } from '../canonical/identity-details';
import { QueueFactory } from '../queues/queue-factory';
import { OutboxSignal } from '../routing/outbox-signal';
import { SubjectEventsRepository } from '../subjects/subject-events.repository';
import { recordView } from '../subjects/subject-record-view';
import { SubjectRepository } from '../subjects/subject.repository';
import { HMPO_WATCHLIST, type HmpoWatchlist } from './hmpo-watchlist.port';
import { lodgementRequest } from './lodgement-request';
import { WatchlistEntries, type WatchlistEntry } from './watchlist-entries';

export const WATCHLIST_QUEUE = 'hmpo-watchlist';
const BACKOFF = 'hmpo-backoff';

/** Thrown to have BullMQ try again later (HMPO down, slow or busy). */
class TryAgainLater extends Error {}

/**
 * Sends lodgements and withdrawals to HMPO as durable jobs: Postgres holds each entry's wanted
 * and actual state (the truth); the queue carries entry ids; a job retries with capped
 * exponential backoff for as long as HMPO is down. Nothing is lost if Redis is: the clock's
 * sweep re-adds every outstanding entry.
 */
@Injectable()
export class WatchlistSender implements OnApplicationBootstrap {
  private readonly logger = new Logger(WatchlistSender.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly entries: WatchlistEntries,
    private readonly subjects: SubjectRepository,
    private readonly events: SubjectEventsRepository,
    private readonly policy: DisclosurePolicy,
    private readonly agencies: AgencyRegistry,
    private readonly audit: AuditLog,
    private readonly queues: QueueFactory,
    private readonly signal: OutboxSignal,
    @Inject(HMPO_WATCHLIST) private readonly hmpo: HmpoWatchlist,
    @Inject(HUB_ENVIRONMENT) private readonly env: HubEnvironment,
  ) {}

  onApplicationBootstrap(): void {
    if (this.env.role === 'api') return;
    const base = this.env.retryScheduleMs[0] ?? 5000;
    const cap = Math.max(...this.env.retryScheduleMs, base);
    this.queues.worker(WATCHLIST_QUEUE, (job: Job<{ entryId: string }>) => this.process(job.data.entryId), {
      concurrency: 4,
      settings: {
        backoffStrategy: (attempts: number) =>
          Math.round(Math.min(cap, base * 2 ** Math.min(attempts - 1, 20)) * (0.8 + Math.random() * 0.4)),
      },
    });
  }

  /** Adds jobs for entries with work to do; a job already waiting for an entry is not doubled. */
  async enqueue(entryIds: string[]): Promise<void> {
    if (!entryIds.length) return;
    const queue = this.queues.queue(WATCHLIST_QUEUE);
    await queue.addBulk(
      entryIds.map((entryId) => ({
        name: 'sync',
        data: { entryId },
        opts: {
          jobId: entryId,
          attempts: 1_000_000,
          backoff: { type: BACKOFF },
          removeOnComplete: true,
          removeOnFail: 1000,
        },
      })),
    );
  }

  async process(entryId: string): Promise<void> {
    const entry = await this.entries.find(entryId);
    if (!entry) return;
    if (entry.wanted && entry.state !== 'lodged') return this.lodge(entry);
    if (!entry.wanted && entry.state === 'lodged') return this.withdraw(entry);
    if (entry.wanted && entry.stale) {
      // HMPO has no amendment: withdraw the entry with the old terms or identity; the next job lodges the new ones.
      await this.withdraw(entry);
      await this.enqueueAgain(entry.id);
    }
  }

  /** The same entry's next step, as a new job (this one is still running under the entry's job id). */
  private async enqueueAgain(entryId: string): Promise<void> {
    await this.queues.queue(WATCHLIST_QUEUE).add(
      'sync',
      { entryId },
      {
        jobId: `${entryId}:relodge:${Date.now()}`,
        attempts: 1_000_000,
        backoff: { type: BACKOFF },
        removeOnComplete: true,
        removeOnFail: 1000,
      },
    );
  }

  private async lodge(entry: WatchlistEntry): Promise<void> {
    // Lodging is a disclosure: HMPO's record view under its PASSPORT_CONTROL agreements, as a
    // read or the preview would show it; a passport number goes only if they let identifiers go.
    const hmpoIds = this.agencies
      .all()
      .filter((a) => a.kind === 'HMPO')
      .map((a) => a.id);
    const today = todayInLondon();
    const subject = await this.subjects.findById(entry.subjectId);
    if (!subject) return;
    const view = recordView(subject, today);
    const relied: Agreement[] = [];
    let shown: Record<string, unknown> = {};
    for (const hmpoId of hmpoIds) {
      const disclosure = await this.policy.disclose(view, hmpoId, { purpose: 'PASSPORT_CONTROL' }, today);
      if (!disclosure) continue;
      relied.push(...disclosure.agreements.filter((a) => !relied.includes(a)));
      shown = disclosure.record;
    }
    const police = this.agencies
      .all()
      .find((a) => a.kind === 'POLICE' && a.areas.some((x) => subject.areas.includes(x)));
    const request = lodgementRequest(entry, shown, police?.id ?? 'hub.operators');
    const payload = JSON.stringify(request);
    if (relied.length === 0)
      return this.entries.block(
        entry.id,
        'NO_AGREEMENT: no agreement in force names HMPO for PASSPORT_CONTROL',
        payload,
      );
    if (!this.hmpo.configured) return this.entries.block(entry.id, 'HMPO_URL is not set: recorded, waiting', payload);

    const answer = await this.hmpo.lodge(request);
    if (answer.kind === 'lodged') {
      await this.dataSource.transaction(async (m) => {
        if (
          !(await this.entries.markLodged(
            m,
            entry.id,
            answer.watchlistRef,
            payload,
            relied.map((a) => a.id),
            // The identity of the record this request was built from, so a later change of it is seen as stale.
            { validUntil: entry.validUntil, reason: entry.reason, identityKey: identityKey(subject.record) },
          ))
        )
          return;
        await this.subjects.lockForUpdate(m, entry.subjectId);
        await this.events.append(
          m,
          entry.subjectId,
          [
            {
              type: 'watchlist.entry.lodged',
              data: {
                watchlist: {
                  watchlistRef: answer.watchlistRef,
                  orderRef: entry.orderRef,
                  reason: request.reason,
                  validUntil: entry.validUntil,
                },
              },
            },
          ],
          'hub',
          null,
        );
        await this.audit.record(
          {
            action: 'DISCLOSURE',
            operation: 'hmpo.watchlist.lodged',
            agencyId: 'hub',
            actorSub: 'system:watchlist',
            subjectId: entry.subjectId,
            agreementIds: relied.map((a) => a.id),
            recipients: hmpoIds,
            correlationId: entry.lodgeRequestId,
            details: { orderRef: entry.orderRef, watchlistRef: answer.watchlistRef },
          },
          m,
        );
      });
      this.signal.notify();
      return;
    }
    return this.settle(entry, answer);
  }

  private async withdraw(entry: WatchlistEntry): Promise<void> {
    if (!this.hmpo.configured) return this.entries.block(entry.id, 'HMPO_URL is not set: withdrawal waiting');
    const answer = await this.hmpo.withdraw(entry.watchlistRef!, entry.withdrawRequestId);
    if (answer.kind === 'withdrawn') {
      const hmpoIds = this.agencies
        .all()
        .filter((a) => a.kind === 'HMPO')
        .map((a) => a.id);
      await this.dataSource.transaction(async (m) => {
        if (!(await this.entries.markWithdrawn(m, entry.id))) return;
        await this.subjects.lockForUpdate(m, entry.subjectId);
        await this.events.append(
          m,
          entry.subjectId,
          [
            {
              type: 'watchlist.entry.withdrawn',
              data: { watchlist: { watchlistRef: entry.watchlistRef, orderRef: entry.orderRef } },
            },
          ],
          'hub',
          null,
        );
        await this.audit.record(
          {
            action: 'DISCLOSURE',
            operation: 'hmpo.watchlist.withdrawn',
            agencyId: 'hub',
            actorSub: 'system:watchlist',
            subjectId: entry.subjectId,
            agreementIds: entry.agreementIds,
            recipients: hmpoIds,
            correlationId: entry.withdrawRequestId,
            details: { orderRef: entry.orderRef, watchlistRef: entry.watchlistRef },
          },
          m,
        );
      });
      this.signal.notify();
      return;
    }
    return this.settle(entry, answer);
  }

  private async settle(entry: WatchlistEntry, answer: { kind: string; reason?: string }): Promise<void> {
    if (answer.kind === 'refused') {
      this.logger.warn(`HMPO refused watchlist entry ${entry.id}: ${answer.reason}`);
      return this.entries.block(entry.id, answer.reason ?? 'refused');
    }
    await this.entries.failedAttempt(entry.id, answer.reason ?? 'failed');
    throw new TryAgainLater(answer.reason);
  }
}
