import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { Caller } from '../auth/agency';
import { DisclosurePolicy } from '../agreements/disclosure-policy';
import { AgencyRegistry } from '../auth/agency-registry';
import type { AuditEntry } from '../audit/audit-entry';
import { AuditLog } from '../audit/audit-log';
import { todayInLondon } from '../canonical/civil-date';
import {
  isMappaCommand,
  orderRefsOf,
  touchesRecord,
  type CanonicalCommand,
  type MappaCommand,
} from '../canonical/commands';
import type { Provenance, ProvenanceKind } from '../canonical/provenance';
import type { OffenderNotification, Order, SubjectRecord } from '../canonical/subject-record';
import { IdentityResolver } from '../identity/identity-resolver';
import { COUNTRIES, DEADLINE_RULES, NOTIFICATION_PERIOD_TABLE, RESPONSIBILITY_REFERENCE } from '../rules/rules.module';
import type { CountryCodes } from '../rules/countries';
import type { DeadlineRules } from '../rules/deadline-rules';
import { travelConflictAlert, tripsNotOver } from '../rules/travel-alert';
import { currentAreas } from '../responsibility/responsibility-facts';
import type { ResponsibilityReference } from '../responsibility/responsibility-reference';
import { WatchlistEntries } from '../watchlist/watchlist-entries';
import { WatchlistSender } from '../watchlist/watchlist-sender';
import type { Resolution } from '../identity/identity-resolver';
import { scopedAlert, type AlertContact } from '../rules/scoped-alert';
import type { NotificationPeriodTable } from '../rules/notification-period-table';
import { applyCommand } from '../subjects/apply-command';
import { mappaCommandErrors } from '../subjects/apply-mappa-update';
import { SubjectCommandsRepository } from '../subjects/subject-commands.repository';
import { SubjectConsequences } from '../consequences/subject-consequences';
import { SubjectEventsRepository } from '../subjects/subject-events.repository';
import { SubjectRepository } from '../subjects/subject.repository';
import { CommandRejected } from './command-rejected';
import { IdempotencyStore } from './idempotency.store';
import { InboundMessageRepository, type InboundMessageToStore } from './inbound-message.repository';
import { OutboxSignal } from '../routing/outbox-signal';
import {
  deadlineChanges,
  identityOf,
  watchlistChanges,
  type DryRunSubject,
  type RehearsedSubject,
} from './dry-run-outcome';

export interface AcceptedResponse {
  messageId: string;
  status: 'accepted';
  subjectIds: string[];
  events: string[];
}

/**
 * The one transaction of the hub's inbound side: the raw message, the record changes, the
 * events with their outbox rows, the audit rows and the idempotency result commit together
 * (DESIGN.md). Nothing accepted can later be lost.
 */
@Injectable()
export class IngestionService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly messages: InboundMessageRepository,
    private readonly idempotency: IdempotencyStore,
    private readonly identity: IdentityResolver,
    private readonly subjects: SubjectRepository,
    private readonly events: SubjectEventsRepository,
    private readonly audit: AuditLog,
    private readonly outboxSignal: OutboxSignal,
    private readonly policy: DisclosurePolicy,
    private readonly agencies: AgencyRegistry,
    @Inject(NOTIFICATION_PERIOD_TABLE) private readonly periodTable: NotificationPeriodTable,
    @Inject(RESPONSIBILITY_REFERENCE) private readonly responsibility: ResponsibilityReference,
    private readonly consequences: SubjectConsequences,
    private readonly commandLog: SubjectCommandsRepository,
    private readonly watchlist: WatchlistEntries,
    private readonly watchlistSender: WatchlistSender,
    @Inject(DEADLINE_RULES) private readonly deadlineRules: DeadlineRules,
    @Inject(COUNTRIES) private readonly countries: CountryCodes,
  ) {}

  /** `provenanceKind` is the one the message's adapter declares: every fact it carries is labelled so. */
  async ingest(
    caller: Caller,
    message: InboundMessageToStore,
    commands: CanonicalCommand[],
    provenanceKind: ProvenanceKind,
  ): Promise<AcceptedResponse> {
    const { body, watchlist } = await this.dataSource.transaction(async (manager) => {
      const done = await this.ingestWithin(manager, caller, message, commands, provenanceKind);
      // Audit rows go last: they lock a chain head, which should be the last lock this transaction takes.
      await this.audit.record(done.audit, manager);
      return done;
    });
    await this.afterCommit([body], watchlist);
    return body;
  }

  /**
   * One message's work inside the caller's transaction: everything `ingest` commits except the
   * audit rows, which are returned so a caller folding many messages into one transaction (the
   * bulk import) writes them all in one statement, last. `backloaded`: history being loaded
   * (its events are marked so agreements may decline to push them).
   */
  async ingestWithin(
    manager: EntityManager,
    caller: Caller,
    message: InboundMessageToStore,
    commands: CanonicalCommand[],
    provenanceKind: ProvenanceKind,
    options: { backloaded?: boolean } = {},
  ): Promise<{ body: AcceptedResponse; watchlist: string[]; audit: AuditEntry[] }> {
    const backloaded = options.backloaded === true;
    const taken = await this.take(manager, caller, message, commands, provenanceKind, backloaded);
    const { messageId, subjectIds, eventIds, auditEntries } = taken;
    const body: AcceptedResponse = { messageId, status: 'accepted', subjectIds, events: eventIds };
    if (message.idempotencyKey)
      await this.idempotency.complete(caller.agency.id, message.adapter, message.idempotencyKey, 202, body, manager);
    auditEntries.push({
      action: 'COLLECTION',
      operation: 'inbound.accepted',
      agencyId: caller.agency.id,
      actorSub: caller.sub,
      // A message about several people is linked to each through its ALTERATION rows.
      subjectId: subjectIds.length === 1 ? subjectIds[0] : null,
      correlationId: messageId,
      details: {
        adapter: message.adapter,
        subjects: subjectIds.length,
        events: eventIds.length,
        ...(backloaded ? { backloaded: true } : {}),
      },
    });
    return { body, watchlist: taken.watchlistWork, audit: auditEntries };
  }

  /** After the commit of accepted messages: wake the relay, and hand HMPO its work. */
  async afterCommit(accepted: AcceptedResponse[], watchlistWork: string[]): Promise<void> {
    if (accepted.some((r) => r.events.length)) this.outboxSignal.notify();
    // If this enqueue is lost, the watchlist sweep finds the work again.
    await this.watchlistSender.enqueue(watchlistWork).catch(() => undefined);
  }

  /**
   * `?dryRun=true` (docs/adr/0020-dry-run.md): the message goes through the very transaction
   * `ingest` runs, which is then always rolled back, so what it reports is what a real post
   * would do now. Nothing outside Postgres is touched: no outbox nudge, no watchlist enqueue,
   * no idempotency key, no audit chain head; advisory and row locks end with the rollback.
   * Only the consultation of subjects the hub already held is logged, after it.
   */
  async rehearse(
    caller: Caller,
    message: InboundMessageToStore,
    commands: CanonicalCommand[],
    provenanceKind: ProvenanceKind,
  ): Promise<DryRunSubject[]> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    let rehearsed: RehearsedSubject[];
    try {
      await runner.startTransaction();
      try {
        const taken = await this.take(runner.manager, caller, message, commands, provenanceKind);
        rehearsed = [];
        for (const s of taken.subjects)
          rehearsed.push({ ...s, after: await this.consequences.standing(runner.manager, s.subjectId) });
      } finally {
        await runner.rollbackTransaction();
      }
    } finally {
      await runner.release();
    }
    // The committed record is what the rehearsal changed: its consequences then are the "before".
    const answer: DryRunSubject[] = [];
    for (const s of rehearsed) {
      const before = s.resolution.isNew
        ? { deadlines: [], watchlist: [] }
        : await this.consequences.standing(this.dataSource.manager, s.subjectId);
      answer.push({
        subjectId: s.resolution.isNew ? null : s.subjectId,
        identity: identityOf(s.resolution),
        events: s.events,
        deadlines: deadlineChanges(before.deadlines, s.after.deadlines),
        watchlist: watchlistChanges(before.watchlist, s.after.watchlist),
      });
    }
    // Telling the sender which subject the hub holds is a consultation of that record.
    await this.audit.record(
      answer.flatMap((s) =>
        s.subjectId
          ? [
              {
                action: 'CONSULTATION' as const,
                operation: 'inbound.dry-run',
                agencyId: caller.agency.id,
                actorSub: caller.sub,
                subjectId: s.subjectId,
                details: { adapter: message.adapter, events: s.events.length },
              },
            ]
          : [],
      ),
    );
    return answer;
  }

  /** The work both share: the message, the record changes, the events and their outbox rows, in `manager`'s transaction. */
  private async take(
    manager: EntityManager,
    caller: Caller,
    message: InboundMessageToStore,
    commands: CanonicalCommand[],
    provenanceKind: ProvenanceKind,
    backloaded = false,
  ) {
    const messageId = await this.messages.insertAccepted(message, manager);
    const receivedAt = new Date().toISOString();
    const provenance: Provenance = {
      kind: provenanceKind,
      agency: caller.agency.id,
      messageId,
      receivedAt,
    };
    const subjectIds: string[] = [];
    const eventIds: string[] = [];
    const auditEntries: AuditEntry[] = [];
    const watchlistWork: string[] = [];
    const subjects: Omit<RehearsedSubject, 'after'>[] = [];
    for (const command of commands.filter(touchesRecord)) {
      const applied = await this.applyToSubject(manager, caller, command, provenance, backloaded);
      watchlistWork.push(...applied.watchlist);
      const seen = subjects.find((s) => s.subjectId === applied.subjectId);
      if (seen) seen.events.push(...applied.eventTypes);
      else {
        subjectIds.push(applied.subjectId);
        subjects.push({
          subjectId: applied.subjectId,
          resolution: applied.resolution,
          events: [...applied.eventTypes],
        });
      }
      eventIds.push(...applied.events);
      auditEntries.push(...applied.audit);
    }
    await this.messages.setSubjects(messageId, subjectIds, manager);
    return { messageId, subjectIds, eventIds, auditEntries, watchlistWork, subjects };
  }

  /** A watchlist hit names the entry the hub lodged: that entry's subject, or refused. */
  private async resolveWatchlistHit(
    manager: EntityManager,
    watchlistRef: string,
  ): Promise<Resolution & { orderRef: string }> {
    const entry = await this.watchlist.findByRef(manager, watchlistRef);
    if (!entry)
      throw new CommandRejected([{ path: 'WatchlistRef', message: 'is not an entry the hub lodged with HMPO' }]);
    // HMPO holds the entry only while it is lodged (a withdrawal still outstanding included);
    // a hit on one HMPO confirmed withdrawn is kept for operators, not linked to the record.
    if (entry.state !== 'lodged')
      throw new CommandRejected([{ path: 'WatchlistRef', message: 'names an entry the hub has withdrawn from HMPO' }]);
    return { subjectId: entry.subjectId, isNew: false, basis: 'WATCHLIST_REFERENCE', orderRef: entry.orderRef };
  }

  private async applyToSubject(
    manager: EntityManager,
    caller: Caller,
    command: CanonicalCommand,
    provenance: Provenance,
    backloaded: boolean,
  ) {
    const hit =
      command.kind === 'RECORD_WATCHLIST_HIT'
        ? await this.resolveWatchlistHit(manager, command.hit.watchlistRef)
        : null;
    if (hit && command.kind === 'RECORD_WATCHLIST_HIT')
      command = { ...command, hit: { ...command.hit, orderRef: hit.orderRef } };
    let resolution =
      hit ??
      (isMappaCommand(command)
        ? await this.resolveByIdentifier(manager, command)
        : await this.identity.resolve(manager, command.person));
    let subject = await this.subjects.lockForUpdate(manager, resolution.subjectId);
    // A merge that committed while this message waited for the row lock: the facts go to the survivor.
    if (subject.mergedInto) {
      resolution = { ...resolution, subjectId: subject.mergedInto, isNew: false };
      subject = await this.subjects.lockForUpdate(manager, subject.mergedInto);
    }

    if (isMappaCommand(command)) {
      const errors = mappaCommandErrors(subject.record, command, caller.agency.id);
      if (errors.length) throw new CommandRejected(errors);
    }

    const orderRefs = orderRefsOf(command);
    const owners = await this.subjects.orderOwners(manager, orderRefs);
    const foreign = orderRefs
      .map((ref, i) => ({ ref, i }))
      .filter(({ ref }) => owners.has(ref) && owners.get(ref) !== subject.id);
    if (foreign.length) {
      throw new CommandRejected(
        foreign.map(({ i }) => ({
          path: `orders[${i}].orderRef`,
          message: 'belongs to an order the hub holds for a different person',
        })),
      );
    }

    // The sender's areas as they are today travel with the command, so a replay places facts the same way.
    command = { ...command, senderAreas: [...caller.agency.areas] };
    const { record, events } = applyCommand(
      subject.record,
      resolution.isNew,
      command,
      provenance,
      this.periodTable,
      todayInLondon(),
      this.responsibility,
    );
    // Only responsibility facts give a subject areas: sending a message about a person never grants sight of them.
    const areas = currentAreas(record);
    events.push(...this.travelConflicts(record, events));
    // Duty-to-cooperate partners get one minimal alert per message that raises an event their agreement names.
    const trigger = events.find((e) => this.policy.alertingAgreements(e.type).length > 0);
    if (trigger) events.push(scopedAlert(record, trigger.type, this.policeContact(areas), todayInLondon()));
    await this.subjects.save(manager, subject.id, record, areas);
    // Kept so the record can be rebuilt from its history (an unmerge replays it).
    await this.commandLog.append(manager, subject.id, command, provenance);
    const watchlist = await this.consequences.rederive(manager, subject.id, record, areas);
    // HMPO's applicant details are compared with the record, never used to find or index it.
    // Otherwise the record's own identifiers are indexed too (a notified passport), so every deterministic key finds it.
    // A MAPPA minute names whom it is about by identifiers the record already holds; it adds none.
    if (!hit && !isMappaCommand(command))
      await this.identity.index(manager, subject.id, command.person, record.names, record.identifiers);
    await this.subjects.indexOrders(manager, subject.id, orderRefs);
    // Recipients see how the subject was linked, and with what confidence when it was by comparison (agreements may require more).
    const link = { basis: resolution.basis, ...(resolution.score !== undefined ? { score: resolution.score } : {}) };
    const eventsWithLink = events.map((e) => ({ ...e, data: { ...e.data, link } }));
    const eventIds = await this.events.append(
      manager,
      subject.id,
      eventsWithLink,
      caller.agency.id,
      provenance.messageId,
      null,
      backloaded,
    );
    const audit: AuditEntry[] = [];
    // Folding one agency's message into a record other agencies' data built is a combination (s.62(1)(e)).
    const others = resolution.isNew ? [] : sourceAgencies(subject.record).filter((a) => a !== caller.agency.id);
    if (others.length) {
      audit.push({
        action: 'COMBINATION',
        operation: 'subject.matched',
        agencyId: caller.agency.id,
        actorSub: caller.sub,
        subjectId: subject.id,
        correlationId: provenance.messageId,
        details: { link: resolution.basis, combinedWith: others },
      });
    }
    audit.push({
      action: 'ALTERATION',
      operation: resolution.isNew ? 'subject.created' : 'subject.updated',
      agencyId: caller.agency.id,
      actorSub: caller.sub,
      subjectId: subject.id,
      correlationId: provenance.messageId,
      details: {
        events: events.map((e) => e.type),
        link: resolution.basis,
        ...(resolution.conflict ? { identityConflict: resolution.conflict } : {}),
      },
    });
    return {
      subjectId: subject.id,
      resolution,
      events: eventIds,
      eventTypes: eventsWithLink.map((e) => e.type),
      audit,
      watchlist,
    };
  }

  /**
   * A MAPPA minute or action update is linked only by an identifier the hub holds (mappa.md),
   * never by name and date of birth, and never makes a subject; an owner's completion names its
   * subject already.
   */
  private async resolveByIdentifier(manager: EntityManager, command: MappaCommand): Promise<Resolution> {
    if (command.kind === 'RECORD_MAPPA_ACTION_UPDATE' && command.subjectId)
      return { subjectId: command.subjectId, isNew: false, basis: 'IDENTIFIER' };
    const found = new Set<string>();
    for (const { scheme, value } of command.person.identifiers) {
      const [row] = await manager.query(`SELECT subject_id FROM subject_identifiers WHERE scheme = $1 AND value = $2`, [
        scheme,
        value,
      ]);
      if (row) found.add(row.subject_id);
    }
    if (found.size === 0)
      throw new CommandRejected([
        {
          path: 'person',
          message: 'no subject the hub holds has these identifiers (a minute is never linked by name)',
        },
      ]);
    if (found.size > 1)
      throw new CommandRejected([{ path: 'person', message: 'the identifiers name different subjects' }]);
    return { subjectId: [...found][0], isNew: false, basis: 'IDENTIFIER' };
  }

  /**
   * A notified trip that breaks a travel prohibition of the subject's orders is raised at once
   * (src/rules/travel-conflicts.ts); so is a trip already notified, not yet over, that an order
   * made or varied by this message now forbids. No `data.subject`: every fact the alert carries
   * was notified, so an agreement withholding notified data does not carry it at all (its
   * arrival alone would tell of the trip).
   */
  private travelConflicts(record: SubjectRecord, events: { type: string; data: Record<string, unknown> }[]) {
    const lapseYears = this.deadlineRules.FOREIGN_TRAVEL_PROHIBITION_LAPSE.years!;
    const alert = (n: OffenderNotification, orders: Order[]) =>
      travelConflictAlert(n, orders, lapseYears, this.countries);
    const notified = events
      .filter((e) => e.type === 'notification.received')
      .map((e) => e.data.notification as OffenderNotification);
    const newTerms = new Set(
      events
        .filter((e) => e.type === 'order.made' || e.type === 'order.varied')
        .map((e) => (e.data.order as Order).orderRef),
    );
    const changedOrders = record.orders.filter((o) => newTerms.has(o.orderRef));
    const earlierTrips = changedOrders.length
      ? tripsNotOver(record.notifications ?? [], todayInLondon()).filter(
          (n) => !notified.some((x) => x.notificationId === n.notificationId),
        )
      : [];
    return [
      ...notified.map((n) => alert(n, record.orders)),
      ...earlierTrips.map((n) => alert(n, changedOrders)),
    ].filter((a): a is NonNullable<typeof a> => a !== null);
  }

  /** The police force whose areas hold the subject: who a partner should call. */
  private policeContact(areas: string[]): AlertContact | null {
    const force = this.agencies.all().find((a) => a.kind === 'POLICE' && a.areas.some((x) => areas.includes(x)));
    return force ? { agency: force.id, name: force.name } : null;
  }
}

/** The agencies whose facts a record holds, from each fact's provenance. */
function sourceAgencies(record: SubjectRecord): string[] {
  const facts: ({ provenance: Provenance } | null | undefined)[] = [
    ...record.names,
    ...record.identifiers,
    ...record.convictions,
    ...record.registrations,
    ...record.orders,
    record.dateOfBirth,
    record.address,
    record.sex,
    record.nationality,
  ];
  return [...new Set(facts.flatMap((f) => (f ? [f.provenance.agency] : [])))].sort();
}
