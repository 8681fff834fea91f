import type { CivilDate } from '../canonical/civil-date';
import type { CountryCodes } from '../canonical/country-codes';
import type { DomainEvent } from '../canonical/event-types';
import type { OffenderNotification, Order } from '../canonical/subject-record';
import { travelConflicts } from './travel-conflicts';

/**
 * `alert.travel.conflict` for a foreign travel notification whose trip breaks a travel
 * prohibition of `orders`, or null when it breaks none. Its data sits under `alert.travel` (one
 * agreement field path) and carries the notification's provenance (NOTIFICATION), so an
 * agreement excluding notified data neither carries the alert nor shows the trip.
 */
export function travelConflictAlert(
  notification: OffenderNotification,
  orders: Order[],
  lapseYears: number,
  countries: CountryCodes,
): DomainEvent | null {
  const { destination, departOn, returnOn } = notification.details;
  if (notification.kind !== 'FOREIGN_TRAVEL' || !destination || !departOn) return null;
  const conflicts = travelConflicts(orders, { destination, departOn, returnOn }, lapseYears);
  if (conflicts.length === 0) return null;
  return {
    type: 'alert.travel.conflict',
    data: {
      alert: {
        travel: {
          notificationId: notification.notificationId,
          receivedOn: notification.receivedOn,
          destination,
          destinationName: countries.get(destination) ?? null,
          departOn,
          returnOn: returnOn ?? null,
          conflicts,
          provenance: notification.provenance,
        },
      },
    },
  };
}

/** Notified trips not yet over on `today` (no return date: not over): an order made now may forbid them. */
export function tripsNotOver(notifications: OffenderNotification[], today: CivilDate): OffenderNotification[] {
  return notifications.filter(
    (n) =>
      n.kind === 'FOREIGN_TRAVEL' &&
      !!n.details.departOn &&
      (n.details.returnOn === undefined || n.details.returnOn >= today),
  );
}
