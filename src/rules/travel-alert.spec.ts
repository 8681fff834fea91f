import type { OffenderNotification, Order } from '../canonical/subject-record';
import { travelConflictAlert, tripsNotOver } from './travel-alert';

const notified = {
  kind: 'NOTIFICATION' as const,
  agency: 'police.a',
  messageId: 'm2',
  receivedAt: '2026-12-01T00:00:00Z',
};
const court = { kind: 'COURT' as const, agency: 'court.a', messageId: 'm1', receivedAt: '2026-10-14T00:00:00Z' };
const countries = new Map([
  ['TH', 'Thailand'],
  ['ES', 'Spain'],
]);
const trip = (
  id: string,
  details: OffenderNotification['details'],
  kind: OffenderNotification['kind'] = 'FOREIGN_TRAVEL',
) => ({
  notificationId: id,
  kind,
  receivedOn: '2026-12-01',
  details,
  provenance: notified,
});
const shpo: Order = {
  orderRef: 'SHPO-1',
  orderType: 'SHPO',
  status: 'ACTIVE',
  madeOn: '2026-10-14',
  duration: { indefinite: true },
  endDate: null,
  prohibitions: [{ code: 'FOREIGN_TRAVEL_PROHIBITED', text: 'Not to travel to Thailand', countries: ['TH'] }],
  passportSurrender: false,
  court: { code: 'C', name: 'C', level: 'CROWN' },
  provenance: court,
};

describe('travelConflictAlert', () => {
  it('puts the trip and what it breaks under alert.travel, with the notification’s provenance only', () => {
    const alert = travelConflictAlert(trip('T1', { destination: 'TH', departOn: '2027-02-01' }), [shpo], 5, countries);
    expect(alert).toEqual({
      type: 'alert.travel.conflict',
      data: {
        alert: {
          travel: {
            notificationId: 'T1',
            receivedOn: '2026-12-01',
            destination: 'TH',
            destinationName: 'Thailand',
            departOn: '2027-02-01',
            returnOn: null,
            conflicts: [expect.objectContaining({ orderRef: 'SHPO-1', scope: 'COUNTRY' })],
            provenance: notified,
          },
        },
      },
    });
    expect(Object.keys(alert!.data)).toEqual(['alert']); // no data.subject: nothing but notified facts
  });

  it('raises nothing for an allowed trip, or for a notification that is not of travel', () => {
    expect(
      travelConflictAlert(trip('T2', { destination: 'ES', departOn: '2027-02-01' }), [shpo], 5, countries),
    ).toBeNull();
    expect(
      travelConflictAlert(trip('T3', { destination: 'TH', departOn: '2027-02-01' }, 'ANNUAL'), [shpo], 5, countries),
    ).toBeNull();
  });
});

describe('tripsNotOver', () => {
  it('keeps trips still to come or under way (and those with no return date), drops those over', () => {
    const trips = [
      trip('back-yesterday', { destination: 'ES', departOn: '2026-11-20', returnOn: '2026-12-03' }),
      trip('back-today', { destination: 'ES', departOn: '2026-11-20', returnOn: '2026-12-04' }),
      trip('open-ended', { destination: 'ES', departOn: '2026-01-01' }),
      trip('ahead', { destination: 'ES', departOn: '2027-01-10', returnOn: '2027-01-17' }),
      trip('not-travel', { address: { line1: '1 A St', town: 'Leeds', postcode: 'LS1 1AA' } }, 'CHANGE_OF_DETAILS'),
    ];
    expect(tripsNotOver(trips, '2026-12-04').map((n) => n.notificationId)).toEqual([
      'back-today',
      'open-ended',
      'ahead',
    ]);
  });
});
