import type { CivilDate } from '../canonical/civil-date';
import type { DomainEvent } from '../canonical/event-types';
import type { SubjectRecord } from '../canonical/subject-record';
import { requirementsInForce } from './apply-responsibility';
import { areasWantingPolice, hasPoliceManager } from './responsibility-facts';

/**
 * The NO_POLICE_MANAGER gap (responsibility.md): someone under notification requirements that
 * no police force manages 3 days after they started. The POLICE_MANAGER clock (deadlines.yaml)
 * asks this when its day passes; it is kept open there until a police manager appears, so the
 * gap needs nothing stored on the record. One `responsibility.gap` per area that should police
 * the person, each judged on that area alone, so only that area's police hear.
 */
export function noPoliceManagerGaps(record: SubjectRecord, today: CivilDate): DomainEvent[] {
  if (!requirementsInForce(record, today) || hasPoliceManager(record)) return [];
  return areasWantingPolice(record).map((area) => ({
    type: 'responsibility.gap',
    data: { responsibility: { gap: { kind: 'NO_POLICE_MANAGER', area, from: today } } },
  }));
}
