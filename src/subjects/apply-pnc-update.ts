import type { RecordPncUpdate } from '../canonical/commands';
import type { DomainEvent } from '../canonical/event-types';
import type { Provenance } from '../canonical/provenance';
import type { SubjectRecord } from '../canonical/subject-record';
import { normaliseIdentifier } from '../canonical/identifiers/identifier';
import type { IdentifierScheme } from '../canonical/subject-record';
import { nameKey } from '../canonical/name-key';
import { applyRiskPlan } from './apply-risk-plan';

/**
 * Folds a police (PNC) update into the record and returns its events. Notified details carry
 * provenance NOTIFICATION, so agreements that exclude notification data never pass them on.
 */
export function applyPncUpdate(
  record: SubjectRecord,
  command: RecordPncUpdate,
  provenance: Provenance,
): { events: DomainEvent[]; detailsChanged: boolean } {
  const change = command.change;
  switch (change.type) {
    case 'NOMINAL_UPDATED':
      return { events: [], detailsChanged: false }; // the person's details were applied already
    case 'CAUTION': {
      const cautions = (record.cautions ??= []);
      if (cautions.some((c) => c.cautionId === change.caution.cautionId)) return { events: [], detailsChanged: false };
      const caution = { ...change.caution, provenance };
      cautions.push(caution);
      return { events: [{ type: 'caution.recorded', data: { caution } }], detailsChanged: false };
    }
    case 'RISK_MANAGEMENT_PLAN':
      return applyRiskPlan(record, change, provenance);
    case 'WARNING_SIGNAL': {
      // Kept on the record for checks; no agreement field names them, so they are not shared.
      const signals = (record.warningSignals ??= []).filter((s) => s.code !== change.code);
      record.warningSignals = change.added
        ? [...signals, { code: change.code, description: change.description, provenance }]
        : signals;
      return { events: [], detailsChanged: false };
    }
    case 'NOTIFICATION': {
      const notifications = (record.notifications ??= []);
      if (notifications.some((n) => n.notificationId === change.notificationId))
        return { events: [], detailsChanged: false };
      const notified: Provenance = { ...provenance, kind: 'NOTIFICATION' };
      const notification = {
        notificationId: change.notificationId,
        kind: change.kind,
        receivedOn: change.receivedOn,
        details: change.details,
        provenance: notified,
      };
      notifications.push(notification);
      notifications.sort((a, b) => b.receivedOn.localeCompare(a.receivedOn));
      const detailsChanged = applyNotifiedDetails(record, notification.details, notification.receivedOn, notified);
      return { events: [{ type: 'notification.received', data: { notification } }], detailsChanged };
    }
  }
}

/** Changes of details update the record itself (names, address, passports, NI number). */
function applyNotifiedDetails(
  record: SubjectRecord,
  details: NonNullable<SubjectRecord['notifications']>[number]['details'],
  receivedOn: string,
  provenance: Provenance,
): boolean {
  let changed = false;
  for (const name of details.names ?? []) {
    if (!record.names.some((n) => nameKey(n) === nameKey(name))) {
      record.names.push({ forenames: name.forenames, surname: name.surname, type: 'ALIAS', provenance });
      changed = true;
    }
  }
  // The address the hub already holds, notified: confirmed, not changed (it keeps its own date
  // and source, so the change-of-details clock another agency's report started stays, met).
  if (
    details.address &&
    !(record.address?.from && record.address.from > receivedOn) &&
    !samePlace(record.address, details.address)
  ) {
    record.address = { ...details.address, from: receivedOn, provenance };
    changed = true;
  }
  const notified: [IdentifierScheme, string][] = [
    ...(details.passports ?? []).map((p): [IdentifierScheme, string] => ['PASSPORT', p.number]),
    ...(details.nino ? [['NINO', details.nino] as [IdentifierScheme, string]] : []),
  ];
  const identifiers = notified.flatMap(([scheme, raw]) => {
    const id = normaliseIdentifier(scheme, raw);
    return id.ok ? [{ scheme, value: id.value }] : [];
  });
  for (const id of identifiers) {
    if (!record.identifiers.some((i) => i.scheme === id.scheme && i.value === id.value)) {
      record.identifiers.push({ ...id, provenance });
      changed = true;
    }
  }
  return changed;
}

function samePlace(
  held: { line1?: string; postcode?: string } | null,
  notified: { line1: string; postcode: string },
): boolean {
  const norm = (v: string | undefined) => (v ?? '').replace(/\s+/g, '').toUpperCase();
  return held !== null && norm(held.line1) === norm(notified.line1) && norm(held.postcode) === norm(notified.postcode);
}
