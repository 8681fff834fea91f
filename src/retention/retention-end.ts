import { addYearsAndMonths, compareCivilDates, type CivilDate } from '../canonical/civil-date';
import type { SubjectRecord } from '../canonical/subject-record';
import type { RecordType, RetentionPeriod, RetentionPolicy } from './retention-policy';

export interface RetentionEnd {
  /** The first day the subject may be erased; null when some record is kept indefinitely. */
  endsOn: CivilDate | null;
  /** What holds the record longest: a record type, or `keepUntilAge`. No personal data. */
  heldBy: RecordType | 'keepUntilAge';
}

function plus(date: CivilDate, period: RetentionPeriod): CivilDate | null {
  return period.kind === 'INDEFINITE' ? null : addYearsAndMonths(date, period.years, period.months);
}

/**
 * When the retention of everything the subject's record holds has ended: the latest end over
 * its registrations, orders, convictions and the record itself (from its last change), and
 * never before the person reaches `keepUntilAge`.
 */
export function retentionEnd(record: SubjectRecord, lastChangedOn: CivilDate, policy: RetentionPolicy): RetentionEnd {
  const p = policy.recordTypes;
  const ends: { heldBy: RetentionEnd['heldBy']; endsOn: CivilDate | null }[] = [
    { heldBy: 'subject', endsOn: plus(lastChangedOn, p.subject) },
  ];
  for (const r of record.registrations) {
    ends.push({ heldBy: 'registration', endsOn: r.endDate ? plus(r.endDate, p.registration) : null });
  }
  for (const o of record.orders) {
    const ended = o.status === 'DISCHARGED' && o.dischargedOn ? o.dischargedOn : o.endDate;
    ends.push({ heldBy: 'order', endsOn: ended ? plus(ended, p.order) : null });
  }
  for (const c of record.convictions) ends.push({ heldBy: 'conviction', endsOn: plus(c.convictionDate, p.conviction) });
  if (policy.keepUntilAge !== undefined && record.dateOfBirth) {
    ends.push({ heldBy: 'keepUntilAge', endsOn: addYearsAndMonths(record.dateOfBirth.value, policy.keepUntilAge, 0) });
  }
  const never = ends.find((e) => e.endsOn === null);
  if (never) return { endsOn: null, heldBy: never.heldBy };
  return ends.reduce((latest, e) => (compareCivilDates(e.endsOn!, latest.endsOn!) > 0 ? e : latest)) as RetentionEnd;
}

/** True once `today` has reached the end of retention. */
export function retentionHasEnded(end: RetentionEnd, today: CivilDate): boolean {
  return end.endsOn !== null && compareCivilDates(today, end.endsOn) >= 0;
}
