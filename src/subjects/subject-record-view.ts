import { todayInLondon, type CivilDate } from '../canonical/civil-date';
import type { RecordView, TimelineEvent } from '../agreements/disclosure-decision';
import type { StoredEvent } from './subject-events.repository';
import { subjectFacts } from './subject-facts';
import { canonicalView } from './subject-read-model';
import type { StoredSubject } from './subject.repository';

/** A subject as every record exit hands it to the disclosure policy: facts, canonical view, and events if asked. */
export function recordView(
  subject: StoredSubject,
  today: CivilDate = todayInLondon(),
  events?: StoredEvent[],
): RecordView {
  return {
    subjectId: subject.id,
    facts: subjectFacts(subject, today),
    record: canonicalView(subject.record, today),
    ...(events ? { events: events.map(timelineEvent) } : {}),
  };
}

function timelineEvent(e: StoredEvent): TimelineEvent {
  return {
    eventId: e.id,
    type: e.type,
    sequence: e.sequence,
    at: e.createdAt,
    sourceAgency: e.sourceAgency,
    sourceMessageId: e.inboundMessageId,
    data: e.data,
    audience: e.audience,
    areas: e.areas,
  };
}
