import { addDays, addYearsAndMonths, type CivilDate } from '../canonical/civil-date';
import type { Order, SubjectRecord } from '../canonical/subject-record';

export type WatchReason = 'SHPO_FOREIGN_TRAVEL_PROHIBITION' | 'PASSPORT_SURRENDER';

export interface Watch {
  orderRef: string;
  reason: WatchReason;
  /** Omitted (null) when neither the prohibition nor the order ends. */
  validUntil: CivilDate | null;
}

/** A foreign travel prohibition lasts at most 5 years (from its making or renewal) unless renewed. */
function travelProhibitionLastDay(order: Order): CivilDate | null {
  const travel = order.prohibitions.find((p) => p.code === 'FOREIGN_TRAVEL_PROHIBITED');
  if (!travel) return null;
  const statutory = addDays(addYearsAndMonths(order.variedOn ?? order.madeOn, 5, 0), -1);
  return [statutory, travel.until, order.endDate].filter((d): d is CivilDate => !!d).sort()[0];
}

/**
 * Which of the subject's orders should be on HMPO's watchlist today (passport-watchlist.md):
 * an order in force with a foreign travel prohibition still running, or passport surrender.
 * PASSPORT_SURRENDER wins when both apply.
 */
export function wantedWatches(record: SubjectRecord, today: CivilDate): Watch[] {
  const watches: Watch[] = [];
  for (const order of record.orders) {
    if (order.status !== 'ACTIVE' || (order.endDate !== null && order.endDate < today)) continue;
    const travelLastDay = travelProhibitionLastDay(order);
    const travelRunning = travelLastDay !== null && travelLastDay >= today;
    if (!travelRunning && !order.passportSurrender) continue;
    const travel = order.prohibitions.find((p) => p.code === 'FOREIGN_TRAVEL_PROHIBITED');
    watches.push({
      orderRef: order.orderRef,
      reason: order.passportSurrender ? 'PASSPORT_SURRENDER' : 'SHPO_FOREIGN_TRAVEL_PROHIBITION',
      validUntil: travel?.until ?? order.endDate ?? null,
    });
  }
  return watches;
}
