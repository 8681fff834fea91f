import { todayInLondon, type CivilDate } from '../canonical/civil-date';
import type { SubjectFacts } from '../agreements/disclosure-decision';
import { wantedWatches } from '../rules/watch-rules';
import { hasActiveRegistration } from './subject-read-model';
import type { StoredSubject } from './subject.repository';

/** What agreements' conditions are judged on, from the record as it stands today. */
export function subjectFacts(subject: StoredSubject, today: CivilDate = todayInLondon()): SubjectFacts {
  return {
    areas: subject.areas,
    mappaCategory: subject.record.mappa?.[0]?.category ?? null,
    hasActiveRegistration: hasActiveRegistration(subject.record, today),
    hasActiveWatchEntry: wantedWatches(subject.record, today).length > 0,
  };
}
