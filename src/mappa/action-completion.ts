import { Injectable } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import type { Caller } from '../auth/agency';
import { todayInLondon } from '../canonical/civil-date';
import type { PersonClaim, RecordMappaActionUpdate } from '../canonical/commands';
import type { SubjectRecord } from '../canonical/subject-record';
import { ProblemException, RequestValidationException } from '../common/problem';
import { CommandRejected } from '../ingestion/command-rejected';
import { IngestionService } from '../ingestion/ingestion.service';
import { SubjectRepository } from '../subjects/subject.repository';
import type { ActionCompletionDto } from './action-completion.dto';
import { MappaQueries } from './mappa-queries';

const notFound = () => new ProblemException('MAPPA_ACTION_NOT_FOUND', 'Your agency owns no action with that id');

/**
 * An action's owner closes it (or reports it blocked) itself (mappa.md). The request is kept
 * like any inbound message and folded into the record through ingestion, as a MAPPA action
 * update naming its subject, so the record, its clocks (the action's deadline is met), the
 * command log (replays keep it), the event and the audit all follow in one transaction.
 */
@Injectable()
export class ActionCompletion {
  constructor(
    private readonly queries: MappaQueries,
    private readonly subjects: SubjectRepository,
    private readonly ingestion: IngestionService,
  ) {}

  async complete(caller: Caller, actionId: string, dto: ActionCompletionDto) {
    // Another agency's action, or none: the same answer, so ids reveal nothing.
    const owned = actionId.length <= 100 ? await this.queries.ownedAction(actionId, caller.agency.id) : null;
    if (!owned) throw notFound();
    const subject = await this.subjects.findById(owned.subjectId);
    if (!subject) throw notFound();
    const command: RecordMappaActionUpdate = {
      kind: 'RECORD_MAPPA_ACTION_UPDATE',
      person: personOf(subject.record),
      subjectId: subject.id,
      eventId: `completion:${randomUUID()}`,
      update: {
        meetingId: owned.meetingId,
        actionId,
        status: dto.status,
        ...(dto.note !== undefined ? { note: dto.note } : {}),
        updatedOn: todayInLondon(),
      },
    };
    const body = Buffer.from(JSON.stringify({ actionId, ...dto }));
    try {
      const accepted = await this.ingestion.ingest(
        caller,
        {
          agencyId: caller.agency.id,
          adapter: 'mappa-completion',
          idempotencyKey: null,
          sourceMessageId: command.eventId,
          contentType: 'application/json',
          body,
          bodySha256: createHash('sha256').update(body).digest('hex'),
        },
        [command],
        // An owner closing its action states a MAPPA fact, whatever kind of agency it is.
        'MAPPA',
      );
      return {
        actionId,
        meetingId: owned.meetingId,
        subjectId: subject.id,
        status: dto.status,
        updatedOn: command.update.updatedOn,
        ...(dto.note !== undefined ? { note: dto.note } : {}),
        events: accepted.events,
      };
    } catch (e) {
      if (e instanceof CommandRejected) throw new RequestValidationException(e.errors);
      throw e;
    }
  }
}

/**
 * Whom the update is about, as the record knows them: the claim the command log keeps, so an
 * unmerge places the update with the record its identifiers belong to.
 */
function personOf(record: SubjectRecord): PersonClaim {
  const name = record.names[0];
  return {
    forenames: name?.forenames ?? '',
    surname: name?.surname ?? '',
    aliases: [],
    dateOfBirth: record.dateOfBirth?.value ?? '',
    identifiers: record.identifiers.map((i) => ({ scheme: i.scheme, value: i.value })),
  };
}
