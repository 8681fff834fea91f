import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Caller } from '../auth/agency';
import { AgencyRegistry } from '../auth/agency-registry';
import { AuditLog } from '../audit/audit-log';
import { orderRefsOf } from '../canonical/commands';
import { ProblemException } from '../common/problem';
import { sqlRows } from '../database/sql-rows';
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
import { SubjectRepository, type StoredSubject } from '../subjects/subject.repository';
import { WatchlistSender } from '../watchlist/watchlist-sender';
import { decisionFor, rememberDecision } from './identity-decisions';
import { dropMatchProfile, refileMatchProfile } from './match-profile-store';
import {
  belongsToAbsorbed,
  identityKeysOf,
  restoreIdentityKeys,
  type IdentityKeysSnapshot,
} from './identity-keys-snapshot';
import { IdentityResolver } from './identity-resolver';
import { replayRecord, sameRecord } from './record-replay';
import { UnmergeCorrections } from './unmerge-corrections';
import type { LinkBasis } from '../canonical/link-bases';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What each side held before a merge: its keys and areas, stored so an unmerge restores them. */
type SideBeforeMerge = IdentityKeysSnapshot & { areas: string[] };

export interface MergeResult {
  mergeId: string;
  survivorSubjectId: string;
  mergedSubjectId: string;
  mergedAt: string;
  eventId: string;
}

export interface UnmergeResult {
  mergeId: string;
  survivorSubjectId: string;
  restoredSubjectId: string;
  unmergedAt: string;
  events: string[];
  corrections: { agency: string; eventId: string; events: number }[];
}

/** Work for after the commit: wake the relay and send the watchlist changes. */
export interface AfterCommit {
  watchlist: string[];
}

/**
 * Merge and unmerge as operations. A merge folds the absorbed record into the survivor by
 * replaying both records' commands, in the order they arrived, through the same apply
 * functions ingestion uses; it remembers what each side was. An unmerge gives every command
 * back to the side it came from (and those that arrived while merged to the side their
 * evidence names), replays both, restores identifiers, name keys, orders and watch entries,
 * re-derives the rules, and tells recipients what they were told wrongly.
 */
@Injectable()
export class SubjectMerger {
  constructor(
    private readonly subjects: SubjectRepository,
    private readonly commandLog: SubjectCommandsRepository,
    private readonly events: SubjectEventsRepository,
    private readonly consequences: SubjectConsequences,
    private readonly identity: IdentityResolver,
    private readonly corrections: UnmergeCorrections,
    private readonly agencies: AgencyRegistry,
    private readonly audit: AuditLog,
    private readonly outboxSignal: OutboxSignal,
    private readonly watchlistSender: WatchlistSender,
    @Inject(NOTIFICATION_PERIOD_TABLE) private readonly table: NotificationPeriodTable,
    @Inject(RESPONSIBILITY_REFERENCE) private readonly responsibility: ResponsibilityReference,
  ) {}

  async afterCommit(work: AfterCommit): Promise<void> {
    this.outboxSignal.notify();
    // If this enqueue is lost, the watchlist sweep finds the work again.
    await this.watchlistSender.enqueue(work.watchlist).catch(() => undefined);
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
    const [survivor, absorbed] = await this.lockBoth(m, survivorId, absorbedId, 'mergeSubjectId');
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
      survivor: await this.sideBeforeMerge(m, survivor),
      absorbed: await this.sideBeforeMerge(m, absorbed),
    };
    const lastCommandId = await this.commandLog.lastId(m);
    const absorbedCommandIds = commands.filter((c) => c.subjectId === absorbed.id).map((c) => c.id);

    await this.commandLog.reassign(m, absorbedCommandIds, survivor.id);
    await this.moveIdentityKeys(m, absorbed.id, survivor.id);
    const record = replayRecord(commands, this.table, this.responsibility);
    // The merged record's current responsibility, as its replayed history places it.
    const areas = currentAreas(record);
    await this.subjects.save(m, survivor.id, record, areas);
    await m.query(`UPDATE subjects SET merged_into = $1, updated_at = now() WHERE id = $2`, [survivor.id, absorbed.id]);
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
    const [row] = await m.query(
      `INSERT INTO subject_merges (survivor_id, absorbed_id, reason, merged_by_agency, merged_by_sub, merge_event_id, last_command_id, absorbed_command_ids, survivor_keys, absorbed_keys)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id, merged_at`,
      [
        survivor.id,
        absorbed.id,
        reason,
        caller.agency.id,
        caller.sub,
        eventId,
        lastCommandId,
        absorbedCommandIds,
        JSON.stringify(before.survivor),
        JSON.stringify(before.absorbed),
      ],
    );
    await rememberDecision(m, {
      subjects: [survivor.id, absorbed.id],
      decision: 'LINK',
      reason,
      reviewId,
      agencyId: caller.agency.id,
      sub: caller.sub,
    });
    // A review asking exactly this question has its answer now.
    await m.query(
      `UPDATE identity_reviews SET status = 'decided', decision = 'LINK', decided_at = now()
        WHERE status = 'open' AND ((subject_id = $1 AND $2 = ANY(candidate_subject_ids)) OR (subject_id = $2 AND $1 = ANY(candidate_subject_ids)))`,
      [absorbed.id, survivor.id],
    );
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
      mergedAt: new Date(row.merged_at).toISOString(),
      eventId,
      watchlist,
    };
  }

  async unmerge(
    m: EntityManager,
    caller: Caller,
    survivorId: string,
    which: { mergeId?: string; mergedSubjectId?: string },
    reason: string,
  ): Promise<UnmergeResult & AfterCommit> {
    const merge = await this.findMerge(m, survivorId, which);
    if (merge.unmerged_at) throw new ProblemException('MERGE_ALREADY_UNDONE', 'That merge has already been undone');
    const [survivor, absorbed] = await this.lockBoth(m, merge.survivor_id, merge.absorbed_id, 'mergeId');
    if (survivor.mergedInto)
      throw new ProblemException(
        'UNMERGE_BLOCKED_BY_LATER_MERGE',
        'The survivor has since been merged into another subject: undo that merge first',
      );
    const [later] = await m.query(
      `SELECT id FROM subject_merges WHERE survivor_id = $1 AND unmerged_at IS NULL AND id <> $2 AND merged_at > (SELECT merged_at FROM subject_merges WHERE id = $2) LIMIT 1`,
      [survivor.id, merge.id],
    );
    if (later)
      throw new ProblemException(
        'UNMERGE_BLOCKED_BY_LATER_MERGE',
        'Another subject was merged into the survivor after this one: undo that merge first',
        [],
        { laterMergeId: later.id },
      );

    const survivorBefore: SideBeforeMerge = merge.survivor_keys;
    const absorbedBefore: SideBeforeMerge = merge.absorbed_keys;
    const lastCommandId = Number(merge.last_command_id);
    const absorbedIds = new Set((merge.absorbed_command_ids as string[]).map(Number));
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
    for (const side of sides) await this.clearIdentityKeys(m, side.id);
    for (const side of sides) await restoreIdentityKeys(m, side.id, side.before);
    const watchlist: string[] = [];
    for (const side of sides) {
      const arrivedWhileMerged = side.commands.filter((c) => c.id > lastCommandId);
      for (const c of arrivedWhileMerged) {
        if (c.command.kind !== 'RECORD_WATCHLIST_HIT')
          await this.identity.index(m, side.id, c.command.person, side.record.names, side.record.identifiers);
        await this.subjects.indexOrders(m, side.id, orderRefsOf(c.command));
      }
      await this.subjects.save(m, side.id, side.record, currentAreas(side.record));
      await refileMatchProfile((sql: string, params: unknown[]) => m.query(sql, params), side.id, side.record);
      if (side.id === absorbed.id) {
        await m.query(`UPDATE subjects SET merged_into = NULL, updated_at = now() WHERE id = $1`, [absorbed.id]);
        await m.query(
          `UPDATE watchlist_entries SET subject_id = $1, updated_at = now() WHERE subject_id = $2 AND order_ref IN (SELECT order_ref FROM order_refs WHERE subject_id = $1)`,
          [absorbed.id, survivor.id],
        );
      }
    }
    for (const side of sides) {
      const [{ areas }] = await m.query(`SELECT areas FROM subjects WHERE id = $1`, [side.id]);
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
      { mergeId: merge.id, survivorId: survivor.id, absorbedId: absorbed.id, mergeEventId: merge.merge_event_id },
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
    const [undone] = await sqlRows<{ unmerged_at: Date }>(
      m,
      `UPDATE subject_merges SET unmerged_at = now(), unmerged_by_agency = $2, unmerged_by_sub = $3, unmerge_reason = $4 WHERE id = $1 RETURNING unmerged_at`,
      [merge.id, caller.agency.id, caller.sub, reason],
    );
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
      unmergedAt: new Date(undone.unmerged_at).toISOString(),
      events,
      corrections,
      watchlist,
    };
  }

  /** Both subjects, locked in id order (no deadlock with another merge of the same pair); 404 for an unknown or erased one. */
  private async lockBoth(
    m: EntityManager,
    survivorId: string,
    otherId: string,
    otherPath: string,
  ): Promise<[StoredSubject, StoredSubject]> {
    const notFound = (path: string | null) =>
      new ProblemException(
        'SUBJECT_NOT_FOUND',
        'No subject has that id',
        path ? [{ path, message: 'is not a subject the hub holds' }] : undefined,
      );
    if (!UUID.test(survivorId)) throw notFound(null);
    if (!UUID.test(otherId)) throw notFound(otherPath);
    const rows: { id: string }[] = await m.query(
      `SELECT id FROM subjects WHERE id = ANY($1::uuid[]) AND erased_at IS NULL ORDER BY id FOR UPDATE`,
      [[survivorId, otherId]],
    );
    if (!rows.some((r) => r.id === survivorId.toLowerCase())) throw notFound(null);
    if (!rows.some((r) => r.id === otherId.toLowerCase())) throw notFound(otherPath);
    return [await this.subjects.lockForUpdate(m, survivorId), await this.subjects.lockForUpdate(m, otherId)];
  }

  private async findMerge(
    m: EntityManager,
    survivorId: string,
    which: { mergeId?: string; mergedSubjectId?: string },
  ): Promise<Record<string, any>> {
    const ids = [survivorId, which.mergeId, which.mergedSubjectId].filter((x): x is string => x !== undefined);
    const rows = ids.every((x) => UUID.test(x))
      ? await m.query(
          `SELECT * FROM subject_merges WHERE survivor_id = $1 AND ($2::uuid IS NULL OR id = $2) AND ($3::uuid IS NULL OR absorbed_id = $3)
            ORDER BY merged_at DESC LIMIT 1 FOR UPDATE`,
          [survivorId, which.mergeId ?? null, which.mergedSubjectId ?? null],
        )
      : [];
    if (!rows.length) {
      const path = which.mergeId !== undefined ? 'mergeId' : 'mergedSubjectId';
      throw new ProblemException('MERGE_NOT_FOUND', 'No merge into this subject matches', [
        { path, message: 'names no merge into this subject' },
      ]);
    }
    return rows[0];
  }

  private async sideBeforeMerge(m: EntityManager, subject: StoredSubject): Promise<SideBeforeMerge> {
    return { ...(await identityKeysOf(m, subject.id)), areas: subject.areas };
  }

  /** Everything that finds the absorbed subject now finds the survivor. */
  private async moveIdentityKeys(m: EntityManager, from: string, to: string): Promise<void> {
    await m.query(`UPDATE subject_identifiers SET subject_id = $1 WHERE subject_id = $2`, [to, from]);
    await m.query(
      `INSERT INTO subject_name_keys (subject_id, name_key, date_of_birth) SELECT $1, name_key, date_of_birth FROM subject_name_keys WHERE subject_id = $2 ON CONFLICT DO NOTHING`,
      [to, from],
    );
    await m.query(`DELETE FROM subject_name_keys WHERE subject_id = $1`, [from]);
    await m.query(`UPDATE order_refs SET subject_id = $1 WHERE subject_id = $2`, [to, from]);
    await m.query(`UPDATE watchlist_entries SET subject_id = $1, updated_at = now() WHERE subject_id = $2`, [to, from]);
  }

  private async clearIdentityKeys(m: EntityManager, subjectId: string): Promise<void> {
    await m.query(`DELETE FROM subject_identifiers WHERE subject_id = $1`, [subjectId]);
    await m.query(`DELETE FROM subject_name_keys WHERE subject_id = $1`, [subjectId]);
    await m.query(`DELETE FROM order_refs WHERE subject_id = $1`, [subjectId]);
  }
}
