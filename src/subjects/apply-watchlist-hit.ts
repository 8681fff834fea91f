import type { RecordWatchlistHit } from '../canonical/commands';
import type { DomainEvent } from '../canonical/event-types';
import type { Provenance } from '../canonical/provenance';
import type { SubjectRecord, WatchlistHitFact } from '../canonical/subject-record';
import { normaliseNamePart } from '../canonical/name-key';

/**
 * Records a passport application by a watched subject and what in it differs from what the
 * hub holds (a new address is itself news). The applicant's details never overwrite the record.
 */
export function applyWatchlistHit(
  record: SubjectRecord,
  command: RecordWatchlistHit,
  provenance: Provenance,
): DomainEvent[] {
  const hits = (record.watchlistHits ??= []);
  if (hits.some((h) => h.hitId === command.hit.hitId)) return [];
  const hit: WatchlistHitFact = {
    hitId: command.hit.hitId,
    watchlistRef: command.hit.watchlistRef,
    orderRef: command.hit.orderRef ?? null,
    application: command.hit.application,
    applicant: command.hit.applicant,
    differences: differences(record, command.hit.applicant),
    provenance,
  };
  hits.push(hit);
  return [{ type: 'watchlist.hit', data: { watchlist: hit } }];
}

function differences(
  record: SubjectRecord,
  applicant: RecordWatchlistHit['hit']['applicant'],
): WatchlistHitFact['differences'] {
  const out: WatchlistHitFact['differences'] = [];
  const primary = record.names.find((n) => n.type === 'PRIMARY');
  const knownName = record.names.some(
    (n) =>
      normaliseNamePart(n.surname) === normaliseNamePart(applicant.surname) &&
      normaliseNamePart(n.forenames) === normaliseNamePart(applicant.forenames),
  );
  if (!knownName)
    out.push({
      field: 'name',
      held: primary ? `${primary.forenames} ${primary.surname}` : null,
      applied: `${applicant.forenames} ${applicant.surname}`,
    });
  if (record.dateOfBirth?.value !== applicant.dateOfBirth)
    out.push({ field: 'dateOfBirth', held: record.dateOfBirth?.value ?? null, applied: applicant.dateOfBirth });
  const a = applicant.address;
  const held = record.address;
  const norm = (s?: string) => (s ?? '').replace(/\s+/g, '').toUpperCase();
  if (a && (!held || norm(held.postcode) !== norm(a.postcode) || norm(held.line1) !== norm(a.line1))) {
    out.push({
      field: 'address',
      held: held ? [held.line1, held.town, held.postcode].filter(Boolean).join(', ') : null,
      applied: [a.line1, a.town, a.postcode].join(', '),
    });
  }
  return out;
}
