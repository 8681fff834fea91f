import { addDays, addYearsAndMonths, type CivilDate } from '../canonical/civil-date';
import type { OrderDuration } from '../canonical/subject-record';

/**
 * Last day an order has effect: `{years: n}` runs n years beginning with the day it was made,
 * `{until: d}` to d, `{indefinite: true}` has no end (null).
 */
export function orderEndDate(order: { madeOn: CivilDate; duration: OrderDuration }): CivilDate | null {
  const { duration, madeOn } = order;
  if (duration.indefinite) return null;
  if (duration.until) return duration.until;
  if (duration.years !== undefined) return addDays(addYearsAndMonths(madeOn, duration.years, 0), -1);
  return null;
}
