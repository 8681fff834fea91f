import type { CivilDate } from '../canonical/civil-date';
import type { CanonicalCommand, OffenceFinding, OrderTerms, PersonClaim } from '../canonical/commands';
import type { DomainEvent } from '../canonical/event-types';
import { identityChanges } from '../canonical/identity-details';
import type { Provenance } from '../canonical/provenance';
import type { Conviction, Court, Order, Registration, SubjectRecord } from '../canonical/subject-record';
import { orderEndDate } from '../rules/order-dates';
import { applyPncUpdate } from './apply-pnc-update';
import { applyPrisonUpdate } from './apply-prison-update';
import { applyProbationUpdate } from './apply-probation-update';
import { applyWatchlistHit } from './apply-watchlist-hit';
import type { NotificationPeriodTable } from '../rules/notification-period-table';
import { deriveRegistrations } from '../rules/registrations';
import { applyResponsibility } from '../responsibility/apply-responsibility';
import type { ResponsibilityReference } from '../responsibility/responsibility-reference';
import { nameKey } from '../canonical/name-key';
import { sameFacts } from './same-facts';
import { subjectSnapshot } from './subject-snapshot';

export interface ApplyResult {
  record: SubjectRecord;
  events: DomainEvent[];
}

/**
 * Folds one canonical command into a subject's record and says what changed, as events.
 * Pure: no I/O, so the whole derivation is unit-testable and runs inside the ingestion
 * transaction. `today` is the evaluation date for what depends on it (an SHPO in force).
 * Responsibility is placed last, from what the command changed (src/responsibility).
 */
export function applyCommand(
  previous: SubjectRecord,
  isNewSubject: boolean,
  command: CanonicalCommand,
  provenance: Provenance,
  table: NotificationPeriodTable,
  today: CivilDate,
  responsibility: ResponsibilityReference,
): ApplyResult {
  const record: SubjectRecord = structuredClone(previous);
  // HMPO's applicant is compared with the record, not folded into it.
  let detailsChanged =
    command.kind === 'RECORD_WATCHLIST_HIT' ? false : applyPerson(record, command.person, provenance);
  const events: DomainEvent[] = [];
  const orderEvents: DomainEvent[] = [];
  const convictionEvents: DomainEvent[] = [];
  const sourceEvents: DomainEvent[] = [];

  switch (command.kind) {
    case 'RECORD_HEARING_RESULT':
      for (const finding of command.findings) {
        const conviction = upsertConviction(
          record,
          command.court,
          command.caseUrn,
          finding,
          command.sentence,
          provenance,
        );
        if (conviction) convictionEvents.push({ type: 'conviction.recorded', data: { conviction } });
      }
      for (const terms of command.orders) {
        const { order, outcome } = upsertOrder(record, terms, command.court, provenance);
        if (outcome !== 'UNCHANGED')
          orderEvents.push({ type: outcome === 'NEW' ? 'order.made' : 'order.varied', data: { order } });
      }
      break;
    case 'VARY_ORDER': {
      const { order, outcome } = upsertOrder(record, command.order, command.court, provenance, {
        variedOn: command.order.variedOn,
      });
      if (outcome !== 'UNCHANGED') orderEvents.push({ type: 'order.varied', data: { order } });
      break;
    }
    case 'DISCHARGE_ORDER': {
      const { order, outcome } = upsertOrder(record, command.order, command.court, provenance, {
        dischargedOn: command.order.dischargedOn,
      });
      if (outcome !== 'UNCHANGED') orderEvents.push({ type: 'order.discharged', data: { order } });
      break;
    }
    case 'RECORD_WATCHLIST_HIT':
      sourceEvents.push(...applyWatchlistHit(record, command, provenance));
      break;
    case 'RECORD_PROBATION_UPDATE':
    case 'RECORD_PNC_UPDATE':
    case 'RECORD_PRISON_UPDATE': {
      const applied =
        command.kind === 'RECORD_PNC_UPDATE'
          ? applyPncUpdate(record, command, provenance)
          : command.kind === 'RECORD_PRISON_UPDATE'
            ? applyPrisonUpdate(record, command, provenance)
            : applyProbationUpdate(record, command, provenance);
      sourceEvents.push(...applied.events);
      detailsChanged ||= applied.detailsChanged;
      break;
    }
  }

  const derived = deriveRegistrations(record, table, today);
  const registrationEvents = diffRegistrations(record.registrations, derived);
  record.registrations = derived;
  const responsibilityEvents = applyResponsibility(
    previous,
    record,
    isNewSubject,
    command,
    provenance,
    responsibility,
    today,
  );

  const subject = subjectSnapshot(record);
  if (isNewSubject) events.push({ type: 'subject.created', data: {} });
  else if (detailsChanged) events.push({ type: 'subject.details.changed', data: {} });
  // A new name, alias, date of birth or passport is flagged on its own: the managing agencies
  // must know a person may now travel, or apply for a passport, as someone else.
  if (!isNewSubject && identityChanges(previous, record).length)
    events.push({ type: 'subject.identity.changed', data: {} });
  events.push(...convictionEvents, ...orderEvents, ...sourceEvents, ...registrationEvents, ...responsibilityEvents);
  // Every event names who it is about; the agreement's allow-list decides what of it leaves.
  return { record, events: events.map((e) => ({ ...e, data: { subject, ...e.data } })) };
}

/**
 * Adds what the message says about the person; true when a detail changed. Messages arrive out
 * of order (a court result sent before a PNC update may be posted after it): one stating older
 * details than the record holds keeps its name as an alias and adds its identifiers and what the
 * record lacks, but does not put back an old name, date of birth, sex or address.
 */
function applyPerson(record: SubjectRecord, person: PersonClaim, provenance: Provenance): boolean {
  const before = JSON.stringify(subjectSnapshot(record));
  const stale = isOlderThan(person.statedAt, record.detailsAsOf);
  if (!stale && person.statedAt) record.detailsAsOf = person.statedAt;
  const primaryKey = nameKey(person);
  const primary = record.names.find((n) => n.type === 'PRIMARY');
  if (stale) {
    if (!record.names.some((n) => nameKey(n) === primaryKey))
      record.names.push({ forenames: person.forenames, surname: person.surname, type: 'ALIAS', provenance });
  } else if (!primary || nameKey(primary) !== primaryKey) {
    // The newest primary name wins; the old one stays, as an alias, with its own provenance.
    for (const n of record.names) if (n.type === 'PRIMARY') n.type = 'ALIAS';
    record.names = record.names.filter((n) => nameKey(n) !== primaryKey);
    record.names.unshift({ forenames: person.forenames, surname: person.surname, type: 'PRIMARY', provenance });
  }
  for (const alias of person.aliases) {
    if (!record.names.some((n) => nameKey(n) === nameKey(alias))) {
      record.names.push({ forenames: alias.forenames, surname: alias.surname, type: 'ALIAS', provenance });
    }
  }
  // An older claim only fills what the record lacks.
  const mayReplace = (held: unknown) => !stale || held === null || held === undefined;
  if (mayReplace(record.dateOfBirth) && record.dateOfBirth?.value !== person.dateOfBirth)
    record.dateOfBirth = { value: person.dateOfBirth, provenance };
  if (person.sex && mayReplace(record.sex) && record.sex?.value !== person.sex)
    record.sex = { value: person.sex, provenance };
  if (person.nationality && mayReplace(record.nationality) && record.nationality?.value !== person.nationality)
    record.nationality = { value: person.nationality, provenance };
  if (person.address && mayReplace(record.address) && !sameAddress(record.address, person.address))
    record.address = { ...person.address, provenance };
  for (const id of person.identifiers) {
    if (!record.identifiers.some((i) => i.scheme === id.scheme && i.value === id.value)) {
      record.identifiers.push({ ...id, provenance });
    }
  }
  const ref = person.sourceReference;
  if (ref && !record.sourceReferences.some((r) => r.source === ref.source && r.value === ref.value)) {
    record.sourceReferences.push(ref);
  }
  return JSON.stringify(subjectSnapshot(record)) !== before;
}

/** Whether a claim's time is before the record's (both RFC 3339; a missing time is never older). */
function isOlderThan(statedAt: string | undefined, asOf: string | undefined): boolean {
  return statedAt !== undefined && asOf !== undefined && Date.parse(statedAt) < Date.parse(asOf);
}

function sameAddress(a: SubjectRecord['address'], b: NonNullable<PersonClaim['address']>): boolean {
  if (!a) return false;
  const norm = (s?: string) => (s ?? '').replace(/\s+/g, ' ').trim().toUpperCase();
  return (['line1', 'line2', 'town', 'postcode'] as const).every((k) => norm(a[k]) === norm(b[k]));
}

/** Records a finding; returns the conviction when it is new or its sentence changed. */
function upsertConviction(
  record: SubjectRecord,
  court: Court,
  caseUrn: string,
  finding: OffenceFinding,
  sentence: Conviction['sentence'],
  provenance: Provenance,
): Conviction | null {
  const convictionId = `${caseUrn}/${finding.sequence}`;
  const existing = record.convictions.find((c) => c.convictionId === convictionId);
  if (existing) {
    if (!sentence || sameFacts(existing.sentence, sentence)) return null;
    existing.sentence = sentence;
    existing.disposal = sentence.disposal;
    existing.provenance = provenance;
    return existing;
  }
  const conviction: Conviction = {
    convictionId,
    hearingKey: caseUrn,
    court,
    caseUrn,
    offenceSequence: finding.sequence,
    offenceCode: finding.offenceCode,
    wording: finding.wording,
    ...(finding.legislation ? { legislation: finding.legislation } : {}),
    ...(finding.offenceDate ? { offenceDate: finding.offenceDate } : {}),
    finding: finding.finding,
    convictionDate: finding.convictionDate,
    notificationCertificate: finding.notificationCertificate,
    disposal: sentence?.disposal ?? null,
    sentence,
    provenance,
  };
  record.convictions.push(conviction);
  return conviction;
}

/** Where a decision about an order stands in its life, comparable as a string: its date, then made < varied < discharged. */
function orderStep(dischargedOn: string | undefined, variedOn: string | undefined, madeOn: string): string {
  if (dischargedOn) return `${dischargedOn}|3`;
  if (variedOn) return `${variedOn}|2`;
  return `${madeOn}|1`;
}

/**
 * Makes or updates an order from the court's terms. A variation or discharge of an order the
 * hub has not seen is still recorded from the message (the court is the authority on it).
 * Terms identical to what the record holds (a re-sent hearing) leave the order, and its
 * provenance, as they were.
 */
function upsertOrder(
  record: SubjectRecord,
  terms: OrderTerms,
  court: Court,
  provenance: Provenance,
  change: { variedOn?: string; dischargedOn?: string } = {},
): { order: Order; outcome: 'NEW' | 'CHANGED' | 'UNCHANGED' } {
  const index = record.orders.findIndex((o) => o.orderRef === terms.orderRef);
  const previous = index >= 0 ? record.orders[index] : undefined;
  // Older news (the making re-sent after a variation, a variation dated before the discharge)
  // never undoes what the court decided later.
  if (
    previous &&
    orderStep(change.dischargedOn, change.variedOn, terms.madeOn) <
      orderStep(previous.dischargedOn, previous.variedOn, previous.madeOn)
  ) {
    return { order: previous, outcome: 'UNCHANGED' };
  }
  const order: Order = {
    orderRef: terms.orderRef,
    orderType: terms.orderType,
    status: change.dischargedOn ? 'DISCHARGED' : 'ACTIVE',
    madeOn: terms.madeOn,
    duration: terms.duration,
    endDate: change.dischargedOn ?? orderEndDate(terms),
    ...((change.variedOn ?? previous?.variedOn) ? { variedOn: change.variedOn ?? previous?.variedOn } : {}),
    ...(change.dischargedOn ? { dischargedOn: change.dischargedOn } : {}),
    // A discharge message may omit the prohibitions; it ends them rather than erasing the record of them.
    prohibitions:
      change.dischargedOn && terms.prohibitions.length === 0 ? (previous?.prohibitions ?? []) : terms.prohibitions,
    passportSurrender:
      terms.passportSurrender || (change.dischargedOn ? (previous?.passportSurrender ?? false) : false),
    court: previous?.court ?? court,
    provenance,
  };
  if (!previous) {
    record.orders.push(order);
    return { order, outcome: 'NEW' };
  }
  if (sameFacts(previous, order)) return { order: previous, outcome: 'UNCHANGED' };
  record.orders[index] = order;
  return { order, outcome: 'CHANGED' };
}

/**
 * started for a new registration, changed for new terms, ended when the discharge of an SHPO
 * ends it (the clock raises ended for a period that runs out).
 */
function diffRegistrations(before: Registration[], after: Registration[]): DomainEvent[] {
  const events: DomainEvent[] = [];
  for (const registration of after) {
    const old = before.find((r) => r.registrationId === registration.registrationId);
    const endedByDischarge =
      registration.endDateReason?.kind === 'ORDER_DISCHARGED' && old?.endDateReason?.kind !== 'ORDER_DISCHARGED';
    if (!old) events.push({ type: 'registration.started', data: { registration } });
    else if (!endedByDischarge && !sameTerms(old, registration))
      events.push({ type: 'registration.changed', data: { registration } });
    if (endedByDischarge)
      events.push({
        type: 'registration.ended',
        data: { registration: { ...registration, endReason: 'ORDER_DISCHARGED' } },
      });
  }
  return events;
}

function sameTerms(a: Registration, b: Registration): boolean {
  const terms = (r: Registration) => [
    r.startDate,
    r.period,
    r.endDate,
    r.endDateReason,
    r.reviewEligibleFrom,
    r.reviewBarredByOrder,
  ];
  return sameFacts(terms(a), terms(b));
}
