import type { EventType } from '../canonical/event-types';
import type { SubjectFacts } from './disclosure-policy';

/**
 * The facts an event's conditions are judged on. Usually the record as it stands today; but the
 * end of a registration is judged as the subject stood while registered, so every agency that
 * received under a MAPPA category 1 condition (a registered offender) also learns that the
 * registration ended, rather than losing sight of it the moment the subject leaves category 1.
 */
export function factsForEvent(facts: SubjectFacts, eventType: EventType | string): SubjectFacts {
  if (eventType === 'registration.ended') return { ...facts, hasActiveRegistration: true };
  return facts;
}
