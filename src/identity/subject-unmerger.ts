import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Caller } from '../auth/agency';
import { AuditLog } from '../audit/audit-log';
import { isMappaCommand, orderRefsOf } from '../canonical/commands';
import { ProblemException } from '../common/problem';
import { OutboxSignal } from '../routing/outbox-signal';
import { NOTIFICATION_PERIOD_TABLE, RESPONSIBILITY_REFERENCE } from '../rules/rules.module';
import { currentAreas } from '../responsibility/responsibility-facts';
import type { ResponsibilityReference } from '../responsibility/responsibility-reference';
import type { NotificationPeriodTable } from '../rules/notification-period-table';
import type { AppliedCommand } from '../subjects/subject-commands.repository';
import { SubjectCommandsRepository } from '../subjects/subject-commands.repository';
import { SubjectConsequences } from '../consequences/subject-consequences';
import { SubjectEventsRepository } from '../subjects/subject-events.repository';
import { subjectSnapshot } from '../subjects/subject-snapshot';
import { SubjectRepository } from '../subjects/subject.repository';
import { WatchlistEntries } from '../watchlist/watchlist-entries';
import { WatchlistSender } from '../watchlist/watchlist-sender';
import { rememberDecision } from './identity-decisions';
import { belongsToAbsorbed, restoreIdentityKeys } from './identity-keys-snapshot';
import { clearIdentityKeys } from './identity-keys.repository';
import { IdentityResolver } from './identity-resolver';
import { afterMergeCommit, type AfterCommit } from './merge-after-commit';
import { isUuid, lockPair } from './merge-pair-lock';
import { refileMatchProfile } from './match-profile-store';
import { replayRecord } from './record-replay';
import { findMergeForUpdate, laterStandingMerge, recordUnmerge, type StoredMerge } from './subject-merges.repository';
import { UnmergeCorrections } from './unmerge-corrections';

export interface UnmergeResult {
  mergeId: string;
  survivorSubjectId: string;
  restoredSubjectId: string;
  unmergedAt: string;
  events: string[];
  corrections: { agency: string; eventId: string; events: number }[];
}

/**
 * Unmerge as an operation: gives every command back to the side it came from (and those that
 * arrived while merged to the side their evidence names), replays both, restores identifiers,
 * name keys, orders and watch entries, re-derives the rules, and tells recipients what they
 * were told wrongly.
 */
@Injectable()
export class SubjectUnmerger {
  constructor(
    private readonly subjects: SubjectRepository,
    private readonly commandLog: SubjectCommandsRepository,
    private readonly events: SubjectEventsRepository,
    private readonly consequences: SubjectConsequences,
    private readonly identity: IdentityResolver,
    private readonly corrections: UnmergeCorrections,
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

  async unmerge(
    m: EntityManager,
    caller: Caller,
    survivorId: string,
    which: { mergeId?: string; mergedSubjectId?: string },
    reason: string,
  ): Promise<UnmergeResult & AfterCommit> {
    const merge = await this.findMerge(m, survivorId, which);
    if (merge.unmergedAt) throw new ProblemException('MERGE_ALREADY_UNDONE', 'That merge has already been undone');
    const [survivor, absorbed] = await lockPair(this.subjects, m, merge.survivorId, merge.absorbedId, 'mergeId');
    if (survivor.mergedInto)
      throw new ProblemException(
        'UNMERGE_BLOCKED_BY_LATER_MERGE',
        'The survivor has since been merged into another subject: undo that merge first',
      );
    const later = await laterStandingMerge(m, merge);
    if (later)
      throw new ProblemException(
        'UNMERGE_BLOCKED_BY_LATER_MERGE',
        'Another subject was merged into the survivor after this one: undo that merge first',
        [],
        { laterMergeId: later },
      );

    const { survivorBefore, absorbedBefore, lastCommandId } = merge;
    const absorbedIds = new Set(merge.absorbedCommandIds);
    const commands = await this.commandLog.forSubjects(m, [survivor.id]);
    const isAbsorbed = (c: AppliedCommand) =>
      absorbedIds.has(c.id) || (c.id > lastCommandId && belongsToAbsorbed(c.command, absorbedBefore, survivorBefore));
    const backToAbsorbed = commands.filter(isAbsorbed);
    const staying = commands.filter((c) => !isAbsorbed(c));
    await this.commandLog.reassign(
      m,
      backToAbsorbed.map((c) => c.id),
      absorbed.id,
    );

    const sides = [
      {
        id: survivor.id,
        commands: staying,
        before: survivorBefore,
        record: replayRecord(staying, this.table, this.responsibility),
      },
      {
        id: absorbed.id,
        commands: backToAbsorbed,
        before: absorbedBefore,
        record: replayRecord(backToAbsorbed, this.table, this.responsibility),
      },
    ];
    // Keys exactly as each side held them before the merge, plus what arrived for it while merged.
    for (const side of sides) {
      await clearIdentityKeys(m, side.id);
      await this.subjects.clearOrders(m, side.id);
    }
    for (const side of sides) await restoreIdentityKeys(m, side.id, side.before);
    const watchlist: string[] = [];
    for (const side of sides) {
      const arrivedWhileMerged = side.commands.filter((c) => c.id > lastCommandId);
      for (const c of arrivedWhileMerged) {
        if (c.command.kind !== 'RECORD_WATCHLIST_HIT' && !isMappaCommand(c.command))
          await this.identity.index(m, side.id, c.command.person, side.record.names, side.record.identifiers);
        await this.subjects.indexOrders(m, side.id, orderRefsOf(c.command));
      }
      await this.subjects.save(m, side.id, side.record, currentAreas(side.record));
      await refileMatchProfile((sql: string, params: unknown[]) => m.query(sql, params), side.id, side.record);
      if (side.id === absorbed.id) {
        await this.subjects.setMergedInto(m, absorbed.id, null);
        // Its watch entries follow the orders it holds again.
        await this.watchlistEntries.returnOrdersTo(
          m,
          absorbed.id,
          survivor.id,
          await this.subjects.orderRefsOf(m, absorbed.id),
        );
      }
    }
    for (const side of sides) {
      const areas = await this.subjects.areasOf(m, side.id);
      watchlist.push(...(await this.consequences.rederive(m, side.id, side.record, areas)));
    }

    const events: string[] = [];
    for (const [side, other] of [
      [sides[0], sides[1]],
      [sides[1], sides[0]],
    ]) {
      events.push(
        ...(await this.events.append(
          m,
          side.id,
          [{ type: 'subject.unmerged', data: { subject: subjectSnapshot(side.record), unmergedSubjectId: other.id } }],
          caller.agency.id,
          null,
        )),
      );
    }
    const movedMessages = [
      ...new Set(backToAbsorbed.filter((c) => c.id > lastCommandId).map((c) => c.inboundMessageId)),
    ];
    const corrections = await this.corrections.raise(
      m,
      { mergeId: merge.id, survivorId: survivor.id, absorbedId: absorbed.id, mergeEventId: merge.mergeEventId },
      movedMessages,
      sides[0].record,
      caller.agency.id,
    );
    // A person has now said these are two people: never link them again without asking.
    await rememberDecision(m, {
      subjects: [survivor.id, absorbed.id],
      decision: 'KEEP_APART',
      reason,
      reviewId: null,
      agencyId: caller.agency.id,
      sub: caller.sub,
    });
    const unmergedAt = await recordUnmerge(m, merge.id, { agencyId: caller.agency.id, sub: caller.sub, reason });
    await this.audit.record(
      sides.map((side) => ({
        action: 'ALTERATION' as const,
        operation: 'subject.unmerged',
        agencyId: caller.agency.id,
        actorSub: caller.sub,
        subjectId: side.id,
        justification: reason,
        correlationId: merge.id,
        recipients: corrections.map((c) => c.agency),
        details: {
          role: side.id === survivor.id ? 'survivor' : 'restored',
          commands: side.commands.length,
          corrections: corrections.length,
        },
      })),
      m,
    );
    return {
      mergeId: merge.id,
      survivorSubjectId: survivor.id,
      restoredSubjectId: absorbed.id,
      unmergedAt: new Date(unmergedAt).toISOString(),
      events,
      corrections,
      watchlist,
    };
  }

  private async findMerge(
    m: EntityManager,
    survivorId: string,
    which: { mergeId?: string; mergedSubjectId?: string },
  ): Promise<StoredMerge> {
    const ids = [survivorId, which.mergeId, which.mergedSubjectId].filter((x): x is string => x !== undefined);
    const merge = ids.every(isUuid) ? await findMergeForUpdate(m, survivorId, which) : null;
    if (!merge) {
      const path = which.mergeId !== undefined ? 'mergeId' : 'mergedSubjectId';
      throw new ProblemException('MERGE_NOT_FOUND', 'No merge into this subject matches', [
        { path, message: 'names no merge into this subject' },
      ]);
    }
    return merge;
  }
}
