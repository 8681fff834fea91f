import { compareCivilDates, type CivilDate } from '../canonical/civil-date';
import type { CanonicalCommand } from '../canonical/commands';
import type { DomainEvent } from '../canonical/event-types';
import type { Provenance } from '../canonical/provenance';
import type { SubjectRecord } from '../canonical/subject-record';
import { areasOfPostcode, type ResponsibilityReference } from './responsibility-reference';
import { handoverPackage, type Handover } from './handover-package';
import { areasWantingPolice, currentAreas, currentFacts, ResponsibilityLedger } from './responsibility-facts';

/**
 * Places responsibility after one command has been folded into the record (responsibility.md).
 * `before` is the record as it stood, `after` the folded working copy (its `responsibility` is
 * updated in place). Only what the command changed on the record can state a fact: a message
 * that changes nothing, or changes nothing about who manages the person, adds no area. Returns
 * `responsibility.changed` when the current areas moved (not for a new subject: its first
 * areas travel with `subject.created`).
 */
export function applyResponsibility(
  before: SubjectRecord,
  after: SubjectRecord,
  isNewSubject: boolean,
  command: CanonicalCommand,
  provenance: Provenance,
  reference: ResponsibilityReference,
  today: CivilDate,
): DomainEvent[] {
  const areasBefore = currentAreas(before);
  const ledger = new ResponsibilityLedger(
    (after.responsibility = structuredClone(before.responsibility ?? [])),
    provenance,
  );
  const reasons: string[] = [];
  const step = (reason: string, change: () => void) => {
    const was = ledger.hasChanged;
    change();
    if (ledger.hasChanged && !was) reasons.push(reason);
  };
  const sender = command.senderAreas ?? [];
  const requested: DomainEvent[] = [];
  const agency = { agency: provenance.agency };
  let handover: Handover | undefined;

  // Whoever states an address that changes the record's: where the person now lives.
  if (after.address && !sameAddress(before.address, after.address)) {
    const areas = areasOfPostcode(reference, after.address.postcode);
    step('ADDRESS_CHANGED', () =>
      areas.length ? ledger.set('RESIDENCE', areas, {}, today) : ledger.end('RESIDENCE', today),
    );
  }

  switch (command.kind) {
    case 'RECORD_HEARING_RESULT':
    case 'VARY_ORDER':
    case 'DISCHARGE_ORDER': {
      // A court that convicts someone (or deals with an order the hub did not hold) whom nobody
      // yet manages tells the first force; a re-sent result is nothing new.
      const known = new Set(before.convictions.map((c) => c.convictionId));
      const knownOrders = new Set(before.orders.map((o) => o.orderRef));
      const news =
        after.convictions.some((c) => !known.has(c.convictionId)) ||
        after.orders.some((o) => !knownOrders.has(o.orderRef));
      if (news && !hasManager(ledger)) step('CONVICTION', () => ledger.add('CONVICTING_COURT', sender, agency, today));
      break;
    }
    case 'RECORD_PROBATION_UPDATE': {
      const change = command.change;
      if (change.type === 'OFFENDER_MANAGER' && !sameManager(before, after)) {
        step('OFFENDER_MANAGER_ALLOCATED', () => ledger.set('PROBATION_MANAGER', sender, agency, today));
      }
      const mappa = after.mappa?.[0];
      if (
        change.type === 'MAPPA' &&
        mappa &&
        mappa.changeId === change.mappa.changeId &&
        before.mappa?.[0]?.changeId !== mappa.changeId
      ) {
        step('MAPPA_CHANGED', () => ledger.set('MAPPA_LEAD', sender, { agency: mappa.leadAgency }, today));
      }
      if (change.type === 'SUPERVISION_ENDED' && after.supervisionEnded?.endedOn !== before.supervisionEnded?.endedOn) {
        step('SUPERVISION_ENDED', () => ledger.end('PROBATION_MANAGER', change.endedOn));
        // The requirements outlast supervision: the MAPPA lead passes to police, who must take it on.
        if (requirementsInForce(after, today) && !policeLead(ledger)) {
          const managing = ledger.current('POLICE_MANAGER').map((f) => f.area);
          const areas = [...new Set(managing.length ? managing : areasWantingPolice(after))].sort();
          if (areas.length) {
            step('SUPERVISION_ENDED', () => ledger.set('MAPPA_LEAD', areas, { agency: 'POLICE' }, change.endedOn));
            handover = { leadAgency: 'POLICE', areas, on: change.endedOn, acknowledgementRequired: true };
          }
        }
      }
      const newTransfer =
        (change.type === 'TRANSFER_REQUESTED' || change.type === 'TRANSFER_ACCEPTED') &&
        !(before.probationTransfers ?? []).some((t) => t.transferId === change.transferId);
      // The receiving provider's region, from reference data; an unknown provider moves nothing.
      const toArea =
        newTransfer && 'toProvider' in change ? reference.probationProviders.get(change.toProvider.code) : undefined;
      if (change.type === 'TRANSFER_REQUESTED' && newTransfer) {
        const from = [...new Set(ledger.current('PROBATION_MANAGER').map((f) => f.area))].sort();
        requested.push({
          type: 'transfer.requested',
          data: {
            responsibility: {
              transfer: {
                toProvider: change.toProvider,
                toArea: toArea ?? null,
                fromAreas: from,
                requestedOn: change.requestedOn,
                reason: change.reason,
              },
            },
          },
        });
      }
      if (change.type === 'TRANSFER_ACCEPTED' && toArea) {
        step('TRANSFER_ACCEPTED', () =>
          ledger.set('PROBATION_MANAGER', [toArea], { unit: change.toProvider }, change.acceptedOn),
        );
      }
      break;
    }
    case 'RECORD_PNC_UPDATE': {
      // A force states management only of its own area, and only of someone under requirements.
      const force = command.force;
      if (!force || !sender.includes(force) || !requirementsInForce(after, today)) break;
      const change = command.change;
      const newNotification =
        change.type === 'NOTIFICATION' &&
        !(before.notifications ?? []).some((n) => n.notificationId === change.notificationId);
      const newCaution =
        change.type === 'CAUTION' && !(before.cautions ?? []).some((c) => c.cautionId === change.caution.cautionId);
      const nominalChanged = change.type === 'NOMINAL_UPDATED' && !sameIdentity(before, after);
      // The offender notifying a force is where they are managed now (a move closes the old force).
      if (newNotification) step('POLICE_NOTIFICATION', () => ledger.set('POLICE_MANAGER', [force], agency, today));
      else if ((newCaution || nominalChanged) && ledger.current('POLICE_MANAGER').length === 0) {
        step('POLICE_RECORD', () => ledger.set('POLICE_MANAGER', [force], agency, today));
      }
      break;
    }
    case 'RECORD_PRISON_UPDATE': {
      const change = command.change;
      // The same prison event sent twice is one fact.
      if ((before.custody ?? []).some((c) => c.eventId === command.eventId)) break;
      const unit = (e: { code: string; name: string }) => ({ ...agency, unit: { code: e.code, name: e.name } });
      if (change.type === 'RECEPTION')
        step('CUSTODY_RECEPTION', () =>
          ledger.set('CUSTODY', [command.establishment.area], unit(command.establishment), change.receivedOn),
        );
      if (change.type === 'TRANSFERRED')
        step('CUSTODY_TRANSFER', () => ledger.set('CUSTODY', [change.to.area], unit(change.to), change.transferredOn));
      if (change.type === 'RELEASED') step('CUSTODY_RELEASE', () => ledger.end('CUSTODY', change.releasedOn));
      break;
    }
    default:
      break;
  }

  if (ledger.current('POLICE_MANAGER').length && !requirementsInForce(after, today))
    step('REQUIREMENTS_ENDED', () => ledger.end('POLICE_MANAGER', today));
  // The convicting court's area holds only until a police or probation manager exists.
  if (hasManager(ledger)) step('MANAGER_ALLOCATED', () => ledger.end('CONVICTING_COURT', today));

  requested.push(...trackGaps(before, after, provenance, today));
  if (!after.responsibility.length) delete after.responsibility;
  const areasAfter = currentAreas(after);
  // A handover is news to the new lead even when the areas stay the same.
  if (isNewSubject || (sameList(areasBefore, areasAfter) && !handover)) return requested;
  return [
    ...requested,
    {
      type: 'responsibility.changed',
      data: {
        responsibility: {
          before: areasBefore,
          after: areasAfter,
          reason: handover ? 'SUPERVISION_ENDED' : (reasons[0] ?? 'UPDATED'),
          facts: currentFacts(after),
          ...(handover ? { handover } : {}),
        },
        ...(handover ? handoverPackage(after) : {}),
      },
    },
  ];
}

/**
 * A move into an area where no police force manages someone under notification requirements
 * opens an UNMANAGED_ARRIVAL gap there (and raises responsibility.gap); a gap closes once a
 * police manager exists in its area or the person no longer lives there.
 */
function trackGaps(
  before: SubjectRecord,
  after: SubjectRecord,
  provenance: Provenance,
  today: CivilDate,
): DomainEvent[] {
  const current = currentFacts(after);
  const residence = current.filter((f) => f.kind === 'RESIDENCE').map((f) => f.area);
  const policed = current.filter((f) => f.kind === 'POLICE_MANAGER').map((f) => f.area);
  const gaps = structuredClone(before.responsibilityGaps ?? []);
  for (const g of gaps)
    if (g.to === undefined && (policed.includes(g.area) || !residence.includes(g.area)))
      g.to = today < g.from ? g.from : today;
  const events: DomainEvent[] = [];
  const moved = before.address !== null && after.address !== null && !sameAddress(before.address, after.address);
  if (moved && requirementsInForce(after, today)) {
    const arrivedIn = residence.filter(
      (a) => !currentFacts(before).some((f) => f.kind === 'RESIDENCE' && f.area === a),
    );
    for (const area of arrivedIn) {
      if (policed.includes(area) || gaps.some((g) => g.area === area && g.to === undefined)) continue;
      const gap = { kind: 'UNMANAGED_ARRIVAL' as const, area, from: today, provenance };
      gaps.push(gap);
      events.push({ type: 'responsibility.gap', data: { responsibility: { gap } } });
    }
  }
  if (gaps.length) after.responsibilityGaps = gaps;
  return events;
}

const policeLead = (ledger: ResponsibilityLedger) => ledger.current('MAPPA_LEAD').some((f) => f.agency === 'POLICE');

function hasManager(ledger: ResponsibilityLedger): boolean {
  return ledger.current('POLICE_MANAGER').length > 0 || ledger.current('PROBATION_MANAGER').length > 0;
}

/** Notification requirements in force on `today` (an indefinite one, or one not yet ended). */
export function requirementsInForce(record: SubjectRecord, today: CivilDate): boolean {
  return record.registrations.some((r) => r.endDate === null || compareCivilDates(r.endDate, today) >= 0);
}

const norm = (v: string | undefined) => (v ?? '').replace(/\s+/g, ' ').trim().toUpperCase();

function sameAddress(a: SubjectRecord['address'], b: SubjectRecord['address']): boolean {
  if (!a || !b) return a === b;
  return (['line1', 'line2', 'town', 'postcode'] as const).every((k) => norm(a[k]) === norm(b[k]));
}

function sameManager(a: SubjectRecord, b: SubjectRecord): boolean {
  const key = (r: SubjectRecord) =>
    r.offenderManager
      ? JSON.stringify([
          r.offenderManager.name,
          r.offenderManager.team,
          r.offenderManager.email,
          r.offenderManager.phone,
        ])
      : null;
  return key(a) === key(b);
}

/** Names, date of birth, sex and identifiers as the record holds them (provenance aside). */
function sameIdentity(a: SubjectRecord, b: SubjectRecord): boolean {
  const key = (r: SubjectRecord) =>
    JSON.stringify([
      r.names.map((n) => [n.forenames, n.surname, n.type]),
      r.dateOfBirth?.value ?? null,
      r.sex?.value ?? null,
      r.identifiers.map((i) => [i.scheme, i.value]),
    ]);
  return key(a) === key(b);
}

const sameList = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
