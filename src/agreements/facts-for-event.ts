import type { EventType } from '../canonical/event-types';
import type { SubjectFacts } from './disclosure-decision';

/**
 * The facts an event's conditions are judged on. Usually the record as it stands today; but the
 * end of a registration is judged as the subject stood while registered, so every agency that
 * received under a MAPPA category 1 condition (a registered offender) also learns that the
 * registration ended, rather than losing sight of it the moment the subject leaves category 1.
 * Likewise a watchlist withdrawal is judged as the subject stood while watched, so HMPO (whose
 * agreement holds only for watched subjects) hears of it.
 */
export function factsForEvent(facts: SubjectFacts, eventType: EventType | string): SubjectFacts {
  if (eventType === 'registration.ended') return { ...facts, hasActiveRegistration: true };
  if (eventType === 'watchlist.entry.withdrawn') return { ...facts, hasActiveWatchEntry: true };
  return facts;
}
