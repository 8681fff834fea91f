import type { EventType } from '../canonical/event-types';
import type { SubjectFacts } from './subject-facts';

/**
 * The facts an event's conditions are judged on. Usually the record as it stands today; but the
 * end of a registration is judged as the subject stood while registered, so every agency that
 * received under a MAPPA category 1 condition (a registered offender) also learns that the
 * registration ended, rather than losing sight of it the moment the subject leaves category 1.
 * Likewise a watchlist withdrawal is judged as the subject stood while watched, so HMPO (whose
 * agreement holds only for watched subjects) hears of it.
 */
export function factsForEvent(
  facts: SubjectFacts,
  eventType: EventType | string,
  data?: Record<string, unknown>,
): SubjectFacts {
  if (eventType === 'registration.ended') return { ...facts, hasActiveRegistration: true };
  if (eventType === 'watchlist.entry.withdrawn') return { ...facts, hasActiveWatchEntry: true };
  // A change of responsibility is judged against the areas before and after it, so the agencies
  // losing the person hear of it as well as those gaining them (responsibility.md).
  if (eventType === 'responsibility.changed') {
    const moved = (data?.responsibility ?? {}) as { before?: unknown; after?: unknown };
    const listed = (v: unknown) => (Array.isArray(v) ? v.filter((a): a is string => typeof a === 'string') : []);
    // `facts.areas` are those the subject had when it was raised (its `after`), never later ones.
    return { ...facts, areas: [...new Set([...facts.areas, ...listed(moved.before), ...listed(moved.after)])].sort() };
  }
  // A gap is for the police of the area it opened in, not for every area the person has now.
  if (eventType === 'responsibility.gap') {
    const area = ((data?.responsibility ?? {}) as { gap?: { area?: unknown } }).gap?.area;
    if (typeof area === 'string') return { ...facts, areas: [area] };
  }
  // A transfer request is for both regions and the police of both areas (responsibility.md).
  if (eventType === 'transfer.requested') {
    const area = ((data?.responsibility ?? {}) as { transfer?: { toArea?: unknown } }).transfer?.toArea;
    if (typeof area === 'string') return { ...facts, areas: [...new Set([...facts.areas, area])].sort() };
  }
  // A scheduled release is for the police and probation of the release area too (responsibility.md).
  if (eventType === 'release.scheduled') {
    const area = ((data?.custody ?? {}) as { release?: { releaseArea?: unknown } }).release?.releaseArea;
    if (typeof area === 'string') return { ...facts, areas: [...new Set([...facts.areas, area])].sort() };
  }
  return facts;
}
