import { compareCivilDates, type CivilDate } from '../canonical/civil-date';
import type { DomainEvent, EventType } from '../canonical/event-types';
import type { SubjectRecord } from '../canonical/subject-record';

/** Who a duty-to-cooperate agency should call: the police force managing the subject. */
export interface AlertContact {
  agency: string;
  name: string;
}

/**
 * The scoped alert for duty-to-cooperate agencies (housing, health): who the person is, what
 * the risk is and to whom, and who to contact; nothing else. Built only from facts collected
 * outside the notification requirements, whatever the agreement says, so the minimal payload
 * cannot carry notified data even if an agreement is mis-drafted.
 */
export function scopedAlert(
  record: SubjectRecord,
  trigger: EventType,
  contact: AlertContact | null,
  today: CivilDate,
): DomainEvent {
  const names = record.names.filter((n) => n.provenance.kind !== 'NOTIFICATION');
  const dateOfBirth =
    record.dateOfBirth && record.dateOfBirth.provenance.kind !== 'NOTIFICATION' ? record.dateOfBirth.value : null;
  const registered = record.registrations.some((r) => r.endDate === null || compareCivilDates(r.endDate, today) >= 0);
  const orders = record.orders.filter(
    (o) => o.status === 'ACTIVE' && (o.endDate === null || compareCivilDates(o.endDate, today) >= 0),
  );
  const risks = [
    ...(registered ? ['Subject to sex offender notification requirements'] : []),
    ...orders.map((o) => `Subject to a ${o.orderType} made on ${o.madeOn}`),
  ];
  const groups = new Set<string>();
  for (const p of orders.flatMap((o) => o.prohibitions)) {
    if (p.code === 'NO_UNSUPERVISED_CONTACT_CHILDREN') groups.add('CHILDREN');
    if (p.code === 'NO_CONTACT_NAMED_PERSON') groups.add('NAMED_PERSON'); // who, never named here
  }
  return {
    type: 'alert.issued',
    data: {
      // No provenance, addresses or identifiers: a partner needs to recognise the person, not trace them.
      subject: { names: names.map(({ forenames, surname, type }) => ({ forenames, surname, type })), dateOfBirth },
      alert: {
        riskTo: { risks, groups: [...groups], raisedBy: trigger },
        contact: contact ?? { agency: null, name: 'the hub operators' },
      },
    },
  };
}
