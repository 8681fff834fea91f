import type { RecordPrisonUpdate } from '../canonical/commands';
import type { DomainEvent } from '../canonical/event-types';
import type { Provenance } from '../canonical/provenance';
import type { CustodyEvent, SubjectRecord } from '../canonical/subject-record';

/**
 * Folds a prison's custody milestone into the record (prison.md) and returns its events.
 * Custody history is kept newest first, shared with probation's releases and recalls; the same
 * prison event sent again raises nothing. Who holds the person (CUSTODY) is src/responsibility's.
 */
export function applyPrisonUpdate(
  record: SubjectRecord,
  command: RecordPrisonUpdate,
  provenance: Provenance,
): { events: DomainEvent[]; detailsChanged: boolean } {
  const history = (record.custody ??= []);
  if (history.some((c) => c.eventId === command.eventId) || record.releasePlan?.eventId === command.eventId)
    return { events: [], detailsChanged: false };
  const change = command.change;
  const here = command.establishment;
  const milestone = (custody: Omit<CustodyEvent, 'eventId' | 'provenance'>, type: DomainEvent['type']): DomainEvent => {
    const event: CustodyEvent = { eventId: command.eventId, ...custody, provenance };
    history.push(event);
    history.sort((a, b) => b.on.localeCompare(a.on));
    return { type, data: { custody: event } };
  };
  switch (change.type) {
    case 'RECEPTION':
      return {
        events: [
          milestone(
            {
              kind: 'RECEIVED',
              on: change.receivedOn,
              establishment: here.name,
              establishmentCode: here.code,
              reason: change.reason,
            },
            'custody.received',
          ),
        ],
        detailsChanged: false,
      };
    case 'TRANSFERRED':
      return {
        events: [
          milestone(
            {
              kind: 'TRANSFERRED',
              on: change.transferredOn,
              establishment: change.to.name,
              establishmentCode: change.to.code,
            },
            'custody.transferred',
          ),
        ],
        detailsChanged: false,
      };
    case 'RELEASE_DATE_SET': {
      const { expectedOn, releaseType, releaseArea, address } = change;
      record.releasePlan = {
        eventId: command.eventId,
        expectedOn,
        releaseType,
        releaseArea,
        establishment: here.name,
        ...(address ? { address } : {}),
        provenance,
      };
      return {
        events: [{ type: 'release.scheduled', data: { custody: { release: record.releasePlan } } }],
        detailsChanged: false,
      };
    }
    case 'RELEASED': {
      const { releasedOn, releaseType, releaseArea, address } = change;
      const event = milestone(
        {
          kind: 'RELEASED',
          on: releasedOn,
          establishment: here.name,
          establishmentCode: here.code,
          releaseType,
          releaseArea,
        },
        'custody.released',
      );
      record.releasePlan = null;
      // The address released to is where the person now lives (unless a later one is held already).
      const current = record.address;
      const moves = address && !(current?.from && current.from > address.from);
      if (moves)
        record.address = {
          line1: address.line1,
          ...(address.line2 ? { line2: address.line2 } : {}),
          town: address.town,
          postcode: address.postcode,
          type: address.type,
          from: address.from,
          provenance,
        };
      return { events: [event], detailsChanged: !!moves };
    }
  }
}
