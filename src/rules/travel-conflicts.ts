import { addDays, addYearsAndMonths, type CivilDate } from '../canonical/civil-date';
import type { Order, OrderType, Prohibition } from '../canonical/subject-record';

/** A notified trip abroad (pnc.md FOREIGN_TRAVEL): where to, leaving when, back when (if said). */
export interface Trip {
  destination: string;
  departOn: CivilDate;
  /** Absent: no return date was notified, so the trip runs on with no end. */
  returnOn?: CivilDate;
}

/** A travel prohibition a trip breaks, with the days it is in force. */
export interface TravelConflict {
  orderRef: string;
  orderType: OrderType;
  prohibition: Prohibition;
  /** WHOLE_WORLD: the prohibition lists `*` or no countries; COUNTRY: it lists the destination. */
  scope: 'WHOLE_WORLD' | 'COUNTRY';
  /** First and last day the prohibition has effect (last: null when nothing ends it). */
  inForce: { from: CivilDate; to: CivilDate | null };
}

export const FOREIGN_TRAVEL_PROHIBITED = 'FOREIGN_TRAVEL_PROHIBITED';
/** How a court's prohibition says "any country outside the United Kingdom" (court-outcomes.md). */
export const WHOLE_WORLD = '*';

/** A prohibition listing no countries, or `*`, covers every destination. */
export function coversWholeWorld(prohibition: Prohibition): boolean {
  return !prohibition.countries?.length || prohibition.countries.includes(WHOLE_WORLD);
}

/**
 * The days a foreign travel prohibition has effect: from the order's making (or the variation
 * that renewed it) to the earliest of its own `until`, the order's end and the statutory limit
 * (`lapseYears`, 5 today: a foreign travel prohibition lasts at most 5 years unless renewed).
 */
export function prohibitionInForce(
  order: Order,
  prohibition: Prohibition,
  lapseYears: number,
): { from: CivilDate; to: CivilDate | null } {
  const from = order.variedOn ?? order.madeOn;
  const statutory = addDays(addYearsAndMonths(from, lapseYears, 0), -1);
  const to = [statutory, prohibition.until, order.endDate].filter((d): d is CivilDate => !!d).sort()[0] ?? null;
  return { from, to };
}

/**
 * Every foreign travel prohibition of the subject's orders that the trip breaks: the order is
 * not discharged, the prohibition covers the destination (it lists it, or lists `*` or no
 * countries and so covers the whole world), and some day of the trip, departure to return inclusive, falls in
 * the days the prohibition has effect. Pure: the caller says how long such prohibitions last.
 */
export function travelConflicts(orders: Order[], trip: Trip, lapseYears: number): TravelConflict[] {
  const tripEnd = trip.returnOn ?? null;
  const conflicts: TravelConflict[] = [];
  for (const order of orders) {
    if (order.status !== 'ACTIVE') continue;
    for (const prohibition of order.prohibitions) {
      if (prohibition.code !== FOREIGN_TRAVEL_PROHIBITED) continue;
      const wholeWorld = coversWholeWorld(prohibition);
      if (!wholeWorld && !prohibition.countries!.includes(trip.destination)) continue;
      const inForce = prohibitionInForce(order, prohibition, lapseYears);
      const overlaps =
        (inForce.to === null || trip.departOn <= inForce.to) && (tripEnd === null || tripEnd >= inForce.from);
      if (!overlaps) continue;
      conflicts.push({
        orderRef: order.orderRef,
        orderType: order.orderType,
        prohibition: structuredClone(prohibition),
        scope: wholeWorld ? 'WHOLE_WORLD' : 'COUNTRY',
        inForce,
      });
    }
  }
  return conflicts;
}
