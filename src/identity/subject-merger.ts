import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Caller } from '../auth/agency';
import { AuditLog } from '../audit/audit-log';
import type { LinkBasis } from '../canonical/link-bases';
import { ProblemException } from '../common/problem';
import { OutboxSignal } from '../routing/outbox-signal';
import { NOTIFICATION_PERIOD_TABLE, RESPONSIBILITY_REFERENCE } from '../rules/rules.module';
import { currentAreas } from '../responsibility/responsibility-facts';
import type { ResponsibilityReference } from '../responsibility/responsibility-reference';
import type { NotificationPeriodTable } from '../rules/notification-period-table';
import { SubjectCommandsRepository } from '../subjects/subject-commands.repository';
import { SubjectConsequences } from '../consequences/subject-consequences';
import { SubjectEventsRepository } from '../subjects/subject-events.repository';
import { subjectSnapshot } from '../subjects/subject-snapshot';
import { SubjectRepository } from '../subjects/subject.repository';
import { WatchlistEntries } from '../watchlist/watchlist-entries';
import { WatchlistSender } from '../watchlist/watchlist-sender';
import { closeReviewsOfPair, decisionFor, rememberDecision } from './identity-decisions';
import { identityKeysOf } from './identity-keys-snapshot';
import { moveIdentityKeys } from './identity-keys.repository';
import { afterMergeCommit, type AfterCommit } from './merge-after-commit';
import { lockPair } from './merge-pair-lock';
import { dropMatchProfile, refileMatchProfile } from './match-profile-store';
import { replayRecord, sameRecord } from './record-replay';
import { recordMerge } from './subject-merges.repository';

export interface MergeResult {
  mergeId: string;
  survivorSubjectId: string;
  mergedSubjectId: string;
  mergedAt: string;
  eventId: string;
}

/**
 * Merge as an operation: folds the absorbed record into the survivor by replaying both
 * records' commands, in the order they arrived, through the same apply functions ingestion
 * uses, and remembers what each side was so SubjectUnmerger can undo it exactly.
 */
@Injectable()
export class SubjectMerger {
  constructor(
    private readonly subjects: SubjectRepository,
    private readonly commandLog: SubjectCommandsRepository,
    private readonly events: SubjectEventsRepository,
    private readonly consequences: SubjectConsequences,
    private readonly audit: AuditLog,
    private readonly outboxSignal: OutboxSignal,
    private readonly watchlistEntries: WatchlistEntries,
    private readonly watchlistSender: WatchlistSender,
    @Inject(NOTIFICATION_PERIOD_TABLE) private readonly table: NotificationPeriodTable,
    @Inject(RESPONSIBILITY_REFERENCE) private readonly responsibility: ResponsibilityReference,
  ) {}

  afterCommit(work: AfterCommit): Promise<void> {
    return afterMergeCommit(this.outboxSignal, this.watchlistSender, work);
  }

  /** In the caller's transaction (a LINK decision commits with its merge). */
  async merge(
    m: EntityManager,
    caller: Caller,
    survivorId: string,
    absorbedId: string,
    reason: string,
    reviewId: string | null = null,
  ): Promise<MergeResult & AfterCommit> {
    if (survivorId.toLowerCase() === absorbedId.toLowerCase()) {
      throw new ProblemException('MERGE_INTO_ITSELF', 'A subject cannot be merged into itself', [
        { path: 'mergeSubjectId', message: 'must be a different subject from the survivor' },
      ]);
    }
    const [survivor, absorbed] = await lockPair(this.subjects, m, survivorId, absorbedId, 'mergeSubjectId');
    if (survivor.mergedInto)
      throw new ProblemException('SUBJECT_ALREADY_MERGED', 'The survivor is itself merged into another subject');
    if (absorbed.mergedInto)
      throw new ProblemException('SUBJECT_ALREADY_MERGED', 'That subject is already merged into another subject');
    if ((await decisionFor(m, survivor.id, absorbed.id)) === 'KEEP_APART') {
      throw new ProblemException(
        'SUBJECTS_KEPT_APART',
        'These subjects were decided to be different people (KEEP_APART)',
      );
    }
    const commands = await this.commandLog.forSubjects(m, [survivor.id, absorbed.id]);
    // Only a record its history rebuilds exactly can be merged and later unmerged exactly.
    for (const side of [survivor, absorbed]) {
      if (
        !sameRecord(
          replayRecord(
            commands.filter((c) => c.subjectId === side.id),
            this.table,
            this.responsibility,
          ),
          side.record,
        )
      ) {
        throw new ProblemException(
          'MERGE_NOT_UNDOABLE',
          'A record cannot be rebuilt from its history (it predates the command log), so the merge could not be undone; not merged',
        );
      }
    }
    const before = {
      survivor: { ...(await identityKeysOf(m, survivor.id)), areas: survivor.areas },
      absorbed: { ...(await identityKeysOf(m, absorbed.id)), areas: absorbed.areas },
    };
    const lastCommandId = await this.commandLog.lastId(m);
    const absorbedCommandIds = commands.filter((c) => c.subjectId === absorbed.id).map((c) => c.id);

    await this.commandLog.reassign(m, absorbedCommandIds, survivor.id);
    // Everything that finds the absorbed subject now finds the survivor.
    await moveIdentityKeys(m, absorbed.id, survivor.id);
    await this.subjects.moveOrders(m, absorbed.id, survivor.id);
    await this.watchlistEntries.moveToSubject(m, absorbed.id, survivor.id);
    const record = replayRecord(commands, this.table, this.responsibility);
    // The merged record's current responsibility, as its replayed history places it.
    const areas = currentAreas(record);
    await this.subjects.save(m, survivor.id, record, areas);
    await this.subjects.setMergedInto(m, absorbed.id, survivor.id);
    const run = (sql: string, params: unknown[]) => m.query(sql, params);
    await refileMatchProfile(run, survivor.id, record);
    await dropMatchProfile(run, absorbed.id);
    const watchlist = await this.consequences.rederive(m, survivor.id, record, areas);
    await this.consequences.retire(m, absorbed.id);

    // A person decided this link (a review or an operator's merge): recipients, and agreements
    // with a minimum link, weigh it as REVIEWED.
    const link: { basis: LinkBasis } = { basis: 'REVIEWED' };
    const [eventId] = await this.events.append(
      m,
      survivor.id,
      [{ type: 'subject.merged', data: { subject: subjectSnapshot(record), mergedSubjectId: absorbed.id, link } }],
      caller.agency.id,
      null,
    );
    const row = await recordMerge(m, {
      survivorId: survivor.id,
      absorbedId: absorbed.id,
      reason,
      agencyId: caller.agency.id,
      sub: caller.sub,
      mergeEventId: eventId,
      lastCommandId,
      absorbedCommandIds,
      survivorBefore: before.survivor,
      absorbedBefore: before.absorbed,
    });
    await rememberDecision(m, {
      subjects: [survivor.id, absorbed.id],
      decision: 'LINK',
      reason,
      reviewId,
      agencyId: caller.agency.id,
      sub: caller.sub,
    });
    // A review asking exactly this question has its answer now.
    await closeReviewsOfPair(m, absorbed.id, survivor.id);
    // Combining two records is a combination (DPA 2018 s.62(1)(e)): one row per subject it touches.
    await this.audit.record(
      [survivor.id, absorbed.id].map((subjectId) => ({
        action: 'COMBINATION' as const,
        operation: 'subject.merged',
        agencyId: caller.agency.id,
        actorSub: caller.sub,
        subjectId,
        justification: reason,
        correlationId: row.id,
        details: {
          role: subjectId === survivor.id ? 'survivor' : 'absorbed',
          commands: absorbedCommandIds.length,
          ...(reviewId ? { reviewId } : {}),
        },
      })),
      m,
    );
    return {
      mergeId: row.id,
      survivorSubjectId: survivor.id,
      mergedSubjectId: absorbed.id,
      mergedAt: new Date(row.mergedAt).toISOString(),
      eventId,
      watchlist,
    };
  }
}
