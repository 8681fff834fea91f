import { isCivilDate } from '../canonical/civil-date';
import { EVENT_TYPES, type EventType } from '../canonical/event-types';
import { PROVENANCE_KINDS, type ProvenanceKind } from '../canonical/provenance';
import {
  AGREEMENT_STATUSES,
  BACKLOADED_CHOICES,
  FIELD_PATHS,
  LINK_STRENGTHS,
  PURPOSES,
  type Agreement,
  type BackloadedChoice,
  type FieldPath,
  type LinkStrength,
} from './agreement';

/**
 * Every top-level key agreements.md documents, plus the hub's own: alertOn (the events behind
 * alert.issued), minimumLink / minimumLinkScore (how surely the subject must be identified) and
 * backloaded (whether events the bulk import raised are routed).
 */
const AGREEMENT_KEYS = [
  'id',
  'title',
  'status',
  'validFrom',
  'reviewBy',
  'validTo',
  'controller',
  'recipients',
  'purpose',
  'lawfulBasis',
  'eventTypes',
  'alertOn',
  'minimumLink',
  'minimumLinkScore',
  'conditions',
  'fields',
  'excludeProvenance',
  'ackWithin',
  'classification',
  'backloaded',
];

/** Parses one agreement file; every problem is named by field so a DPO can fix the file. */
export function parseAgreement(file: string, raw: unknown): { agreement?: Agreement; problems: string[] } {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return { problems: ['must be a mapping'] };
  const r = raw as Record<string, unknown>;
  const problems: string[] = [];
  // Refused rather than ignored: a misspelt key (say `excludeProvenence`) would otherwise
  // silently drop a restriction the signed text relies on.
  for (const key of Object.keys(r)) if (!AGREEMENT_KEYS.includes(key)) problems.push(`${key}: unknown field`);
  const text = (key: string, required = true, max = 500) => {
    const v = r[key];
    if (v === undefined && !required) return undefined;
    if (typeof v !== 'string' || !v.trim() || v.length > max)
      problems.push(`${key}: required text (at most ${max} characters)`);
    return v as string;
  };
  // YAML reads an unquoted 2026-04-01 as a Date; accept both forms.
  const date = (key: string, required: boolean) => {
    let v = r[key];
    if (v instanceof Date) v = v.toISOString().slice(0, 10);
    if (v === undefined && !required) return undefined;
    if (typeof v !== 'string' || !isCivilDate(v)) problems.push(`${key}: must be a date YYYY-MM-DD`);
    return v as string;
  };
  const list = <T>(key: string, allowed: readonly T[] | null, required: boolean): T[] => {
    const v = r[key];
    if (v === undefined && !required) return [];
    if (!Array.isArray(v) || (required && v.length === 0)) {
      problems.push(`${key}: must be a ${required ? 'non-empty ' : ''}list`);
      return [];
    }
    if (allowed) {
      const bad = v.filter((x) => !allowed.includes(x as T));
      if (bad.length) problems.push(`${key}: unknown value(s) ${bad.join(', ')}`);
    } else if (!v.every((x) => typeof x === 'string' && x.length > 0)) problems.push(`${key}: must be a list of text`);
    return v as T[];
  };

  const id = text('id', true, 100);
  const title = text('title');
  const status = r.status as Agreement['status'];
  if (!AGREEMENT_STATUSES.includes(status)) problems.push(`status: must be one of ${AGREEMENT_STATUSES.join(', ')}`);
  const validFrom = date('validFrom', true);
  const reviewBy = date('reviewBy', false);
  const validTo = date('validTo', false);
  if (validFrom && validTo && validTo < validFrom) problems.push('validTo: is before validFrom');
  const recipients = list<string>('recipients', null, true);
  const purpose = r.purpose as Agreement['purpose'];
  if (!PURPOSES.includes(purpose)) problems.push(`purpose: must be one of ${PURPOSES.join(', ')}`);
  const lawfulBasis = text('lawfulBasis');
  const eventTypes = list<EventType>('eventTypes', EVENT_TYPES, true);
  const fields = list<FieldPath>('fields', FIELD_PATHS, true);
  const excludeProvenance = list<ProvenanceKind>('excludeProvenance', PROVENANCE_KINDS, false);
  if (purpose === 'DISCLOSURE_SCHEME' && !excludeProvenance.includes('NOTIFICATION')) {
    problems.push('excludeProvenance: a DISCLOSURE_SCHEME agreement must exclude NOTIFICATION data');
  }
  // Which events make a scoped alert (alert.issued) for the duty-to-cooperate recipients.
  const alertOn = list<EventType>('alertOn', EVENT_TYPES, false);
  if (eventTypes.includes('alert.issued') && alertOn.length === 0)
    problems.push('alertOn: required when eventTypes lists alert.issued (the events that raise the alert)');
  if (alertOn.length && !eventTypes.includes('alert.issued'))
    problems.push('alertOn: only meaningful when eventTypes lists alert.issued');
  if (alertOn.includes('alert.issued')) problems.push('alertOn: alert.issued cannot raise itself');
  const ackWithin = text('ackWithin', false, 40);
  if (ackWithin && !/^P(?!$)(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?$/.test(ackWithin)) {
    problems.push('ackWithin: must be an ISO 8601 duration in days, hours, minutes or seconds, e.g. P2D or PT12H');
  }
  const conditions = (r.conditions ?? {}) as Record<string, unknown>;
  if (typeof conditions !== 'object' || Array.isArray(conditions)) problems.push('conditions: must be a mapping');
  const areas = conditions.areas;
  if (areas !== undefined && (!Array.isArray(areas) || !areas.every((a) => typeof a === 'string'))) {
    problems.push('conditions.areas: must be a list of area codes');
  }
  const categories = conditions.mappaCategories;
  if (
    categories !== undefined &&
    (!Array.isArray(categories) || !categories.every((c) => [1, 2, 3, 4].includes(c as number)))
  ) {
    problems.push('conditions.mappaCategories: must be a list drawn from 1, 2, 3, 4');
  }
  // Only `true` means anything: a subject HMPO may see is one the hub wants on its watchlist.
  const watchlistEntry = conditions.watchlistEntry;
  if (watchlistEntry !== undefined && watchlistEntry !== true)
    problems.push('conditions.watchlistEntry: must be true (or left out)');
  const unknownConditions = Object.keys(conditions).filter(
    (k) => !['areas', 'mappaCategories', 'watchlistEntry'].includes(k),
  );
  if (unknownConditions.length)
    problems.push(
      `conditions: unknown condition(s) ${unknownConditions.join(', ')} (refused: a condition the hub cannot enforce would widen sharing)`,
    );
  const classification = (r.classification as string) ?? 'OFFICIAL-SENSITIVE';
  if (!['OFFICIAL', 'OFFICIAL-SENSITIVE'].includes(classification))
    problems.push('classification: must be OFFICIAL or OFFICIAL-SENSITIVE');

  // A recipient acting on a person (e.g. stopping them at a border) may refuse links made by comparison.
  const minimumLink = r.minimumLink as LinkStrength | undefined;
  if (minimumLink !== undefined && !LINK_STRENGTHS.includes(minimumLink))
    problems.push(`minimumLink: must be one of ${LINK_STRENGTHS.join(', ')}`);
  const minimumLinkScore = r.minimumLinkScore as number | undefined;
  if (
    minimumLinkScore !== undefined &&
    (typeof minimumLinkScore !== 'number' || !(minimumLinkScore >= 0.5 && minimumLinkScore <= 1))
  ) {
    problems.push('minimumLinkScore: must be a number from 0.5 to 1');
  }
  if (minimumLinkScore !== undefined && minimumLink && minimumLink !== 'SCORED')
    problems.push('minimumLinkScore: only meaningful when minimumLink is SCORED (or absent)');

  const backloaded = r.backloaded as BackloadedChoice | undefined;
  if (backloaded !== undefined && !BACKLOADED_CHOICES.includes(backloaded))
    problems.push(`backloaded: must be one of ${BACKLOADED_CHOICES.join(', ')}`);

  if (problems.length) return { problems };
  return {
    problems,
    agreement: {
      id: id!,
      title: title!,
      status,
      validFrom: validFrom!,
      ...(reviewBy ? { reviewBy } : {}),
      ...(validTo ? { validTo } : {}),
      ...(typeof r.controller === 'string' ? { controller: r.controller } : {}),
      recipients,
      purpose,
      lawfulBasis: lawfulBasis!,
      eventTypes,
      conditions: {
        ...(areas ? { areas: areas as string[] } : {}),
        ...(categories ? { mappaCategories: categories as number[] } : {}),
        ...(watchlistEntry === true ? { watchlistEntry: true } : {}),
      },
      fields,
      excludeProvenance,
      ...(ackWithin ? { ackWithin } : {}),
      ...(alertOn.length ? { alertOn } : {}),
      classification,
      ...(minimumLink ? { minimumLink } : {}),
      ...(minimumLinkScore !== undefined ? { minimumLinkScore } : {}),
      ...(backloaded ? { backloaded } : {}),
      file,
    },
  };
}
