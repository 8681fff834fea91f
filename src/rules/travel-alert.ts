import type { DomainEvent } from '../canonical/event-types';
import type { OffenderNotification, SubjectRecord } from '../canonical/subject-record';
import type { CountryCodes } from './countries';
import { travelConflicts } from './travel-conflicts';

/**
 * `alert.travel.conflict` for a foreign travel notification that breaks a travel prohibition of
 * the subject's orders, or null when it breaks none. Its data sits under `alert.travel` (one
 * agreement field path) and carries the notification's provenance (NOTIFICATION), so an
 * agreement excluding notified data neither carries the alert nor shows the trip.
 */
export function travelConflictAlert(
  record: SubjectRecord,
  notification: OffenderNotification,
  lapseYears: number,
  countries: CountryCodes,
): DomainEvent | null {
  const { destination, departOn, returnOn } = notification.details;
  if (notification.kind !== 'FOREIGN_TRAVEL' || !destination || !departOn) return null;
  const conflicts = travelConflicts(record.orders, { destination, departOn, returnOn }, lapseYears);
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
