import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ChecksRepository } from '../checks/checks.repository';
import { DeadlineRepository } from '../clocks/deadline.repository';
import { personMarks } from '../database/person-mentions';
import { Acknowledgements } from '../delivery/acknowledgements';
import { DeliveryRepository } from '../delivery/delivery.repository';
import { IdentityErasureRepository } from '../identity/identity-erasure.repository';
import { InboundMessageRepository } from '../ingestion/inbound-message.repository';
import { DataQualityRepository } from '../subjects/data-quality.repository';
import { SubjectCommandsRepository } from '../subjects/subject-commands.repository';
import { SubjectEventsRepository } from '../subjects/subject-events.repository';
import { SubjectRepository } from '../subjects/subject.repository';
import { WatchlistEntries } from '../watchlist/watchlist-entries';

/** What free text about the person is replaced with where the column must keep a value. */
export const ERASED_TEXT = '(erased)';

export interface ErasedCounts {
  identifiers: number;
  nameKeys: number;
  orderRefs: number;
  events: number;
  deliveries: number;
  acknowledgementNotes: number;
  inboundMessages: number;
  deadlinesCancelled: number;
  dataQualityFlags: number;
  watchlistPayloads: number;
  merges: number;
  identityDecisions: number;
  identityReviews: number;
  checks: number;
  quarantinedMessages: number;
}

/**
 * Removes a subject's personal data from the hub's own tables, leaving tombstones so nothing
 * that refers to the subject breaks: the subjects row (record emptied, erased_at set), events
 * and deliveries (payloads emptied; open deliveries blocked, acknowledgement clocks stopped),
 * deadlines (open ones cancelled, so no clock raises an event about them). Data-quality flags
 * (which quote the conviction) go.
 * Identifiers, name keys and order refs go, so a later message about the same person starts a
 * new record instead of reviving this one. A raw inbound message loses its body once every
 * subject it touched is erased (its fingerprint stays).
 * What else names the person goes too: the payload sent to HMPO, what merges and identity
 * decisions and reviews kept of the records (keys, evidence, free-text reasons), the
 * justification of the checks that found them, and quarantined messages about them (refused
 * before they were matched to anyone, so found by the person's identifiers, or surname with date
 * of birth, taken from the record before it is emptied).
 *
 * Each table is erased by the module that owns it, all in the caller's one transaction.
 */
@Injectable()
export class SubjectDataEraser {
  constructor(
    private readonly subjects: SubjectRepository,
    private readonly events: SubjectEventsRepository,
    private readonly commands: SubjectCommandsRepository,
    private readonly dataQuality: DataQualityRepository,
    private readonly identity: IdentityErasureRepository,
    private readonly deliveries: DeliveryRepository,
    private readonly acknowledgements: Acknowledgements,
    private readonly deadlines: DeadlineRepository,
    private readonly inbound: InboundMessageRepository,
    private readonly watchlist: WatchlistEntries,
    private readonly checks: ChecksRepository,
  ) {}

  async erase(m: EntityManager, subjectId: string): Promise<ErasedCounts> {
    const marks = personMarks(
      await this.subjects.recordOf(m, subjectId),
      await this.identity.identifierValues(m, subjectId),
    );
    const identity = await this.identity.eraseSubject(m, subjectId, ERASED_TEXT);
    const { events, eventIds } = await this.events.eraseSubject(m, subjectId);
    const { deliveries } = await this.deliveries.eraseForEvents(m, eventIds);
    const { acknowledgementNotes } = await this.acknowledgements.eraseNotesForEvents(m, eventIds);
    const { deadlinesCancelled } = await this.deadlines.cancelForSubject(m, subjectId);
    const { dataQualityFlags } = await this.dataQuality.eraseSubject(m, subjectId);
    await this.commands.eraseSubject(m, subjectId);
    const { orderRefs } = await this.subjects.eraseSubject(m, subjectId);
    // A message loses its body once every subject it touched is erased (this one is now).
    const held = await this.inbound.heldAbout(m, subjectId);
    const live = await this.subjects.notErased(m, [...new Set(held.flatMap((h) => h.subjectIds))]);
    const inboundMessages = await this.inbound.eraseBodies(
      m,
      held.filter((h) => !h.subjectIds.some((id) => live.has(id))).map((h) => h.id),
    );
    const { watchlistPayloads } = await this.watchlist.eraseSubject(m, subjectId);
    const { checks } = await this.checks.eraseSubject(m, subjectId, marks, ERASED_TEXT);
    const { quarantinedMessages } = await this.inbound.eraseQuarantinedMentioning(m, marks);
    return {
      identifiers: identity.identifiers,
      nameKeys: identity.nameKeys,
      orderRefs,
      events,
      deliveries,
      acknowledgementNotes,
      inboundMessages,
      deadlinesCancelled,
      dataQualityFlags,
      watchlistPayloads,
      merges: identity.merges,
      identityDecisions: identity.identityDecisions,
      identityReviews: identity.identityReviews,
      checks,
      quarantinedMessages,
    };
  }
}
