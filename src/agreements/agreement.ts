import type { CivilDate } from '../canonical/civil-date';
import type { EventType } from '../canonical/event-types';
import type { LinkBasis } from '../canonical/link-bases';
import type { ProvenanceKind } from '../canonical/provenance';

export const AGREEMENT_STATUSES = ['draft', 'active', 'suspended', 'terminated'] as const;
export const PURPOSES = [
  'PUBLIC_PROTECTION',
  'MAPPA_RISK_MANAGEMENT',
  'OFFENDER_SUPERVISION',
  'SAFEGUARDING_ALERT',
  'PASSPORT_CONTROL',
  'DISCLOSURE_SCHEME',
] as const;

/**
 * Canonical field paths an agreement may allow; a path allows everything beneath it
 * (agreements.md). Event payloads and the read model use the same names.
 */
export const FIELD_PATHS = [
  'subject.names',
  'subject.dateOfBirth',
  'subject.identifiers',
  'subject.address',
  'subject.contact',
  'conviction',
  'caution',
  'registration',
  'order',
  'risk',
  'risk.roshOverall',
  'risk.plans',
  'mappa',
  'mappa.meetings',
  'mappa.actions',
  'licence',
  'offenderManager',
  'custody',
  'responsibility',
  'supervision',
  'watchlist',
  'notification',
  'deadline',
  'alert.riskTo',
  'alert.contact',
  'alert.travel',
] as const;
export type FieldPath = (typeof FIELD_PATHS)[number];

/**
 * How surely a message was tied to its subject, weakest last: by an identifier (or nothing to
 * tie: a new subject), by a person's review decision, or by comparing name, date of birth and
 * the rest (exact name + date of birth, or a score). An agreement may refuse the weaker links.
 */
export const LINK_STRENGTHS = ['IDENTIFIER', 'REVIEWED', 'SCORED'] as const;
export type LinkStrength = (typeof LINK_STRENGTHS)[number];

/** How strong each link basis is: a new basis fails typecheck here until it is weighed. */
const STRENGTH_OF: Record<LinkBasis, LinkStrength> = {
  IDENTIFIER: 'IDENTIFIER',
  WATCHLIST_REFERENCE: 'IDENTIFIER',
  NEW_SUBJECT: 'IDENTIFIER',
  REVIEWED: 'REVIEWED',
  NAME_AND_DATE_OF_BIRTH: 'SCORED',
  SCORED: 'SCORED',
};

/** Each event link basis's strength; unknown bases (stored events are strings) count as the weakest. */
export function linkStrength(basis: string): LinkStrength {
  return Object.hasOwn(STRENGTH_OF, basis) ? STRENGTH_OF[basis as LinkBasis] : 'SCORED';
}

/**
 * Whether an agreement's minimum link allows an event's link. Events the hub raised itself
 * (clocks) carry no link and are not refused for it.
 */
export function linkMeetsAgreement(
  a: Pick<Agreement, 'minimumLink' | 'minimumLinkScore'>,
  link: { basis?: string; score?: number } | undefined,
): boolean {
  if (!link?.basis || (!a.minimumLink && a.minimumLinkScore === undefined)) return true;
  const strength = linkStrength(link.basis);
  if (a.minimumLink && LINK_STRENGTHS.indexOf(strength) > LINK_STRENGTHS.indexOf(a.minimumLink)) return false;
  if (strength === 'SCORED' && a.minimumLinkScore !== undefined)
    return typeof link.score === 'number' && link.score >= a.minimumLinkScore;
  return true;
}

/**
 * What an agreement does with events the bulk import of history raised (`hub import`): `skip`
 * (the default) routes none of them, so loading years of records does not push old news as new;
 * `deliver` routes them like any event, marked `backloaded` on the CloudEvent.
 */
export const BACKLOADED_CHOICES = ['skip', 'deliver'] as const;
export type BackloadedChoice = (typeof BACKLOADED_CHOICES)[number];

/** A data-sharing agreement as filed in config/agreements (agreements.md). */
export interface Agreement {
  id: string;
  title: string;
  status: (typeof AGREEMENT_STATUSES)[number];
  validFrom: CivilDate;
  reviewBy?: CivilDate;
  validTo?: CivilDate;
  controller?: string;
  recipients: string[];
  purpose: (typeof PURPOSES)[number];
  lawfulBasis: string;
  eventTypes: EventType[];
  /** All must hold for the subject; `watchlistEntry`: the hub wants the subject on HMPO's watchlist. */
  conditions: { areas?: string[]; mappaCategories?: number[]; watchlistEntry?: boolean };
  fields: FieldPath[];
  excludeProvenance: ProvenanceKind[];
  ackWithin?: string;
  /** For agreements carrying alert.issued: the events that raise a scoped alert. */
  alertOn?: EventType[];
  classification: string;
  /** The weakest identity link an event may rest on to flow under this agreement (default: any). */
  minimumLink?: LinkStrength;
  /** For links made by comparison: the match probability they need (0.5-1). */
  minimumLinkScore?: number;
  /** Back-loaded events (the bulk import): absent means `skip`. */
  backloaded?: BackloadedChoice;
  /** The file it was loaded from, for operators. */
  file: string;
}

/** An agreement's state on a given day; only `active` and `review-overdue` let data flow. */
export type AgreementState =
  'draft' | 'not-yet-valid' | 'active' | 'review-overdue' | 'suspended' | 'terminated' | 'expired';

export function agreementState(a: Agreement, today: CivilDate, suspended = false): AgreementState {
  if (a.status !== 'active') return a.status;
  if (suspended) return 'suspended';
  if (today < a.validFrom) return 'not-yet-valid';
  if (a.validTo && today > a.validTo) return 'expired';
  if (a.reviewBy && today > a.reviewBy) return 'review-overdue';
  return 'active';
}

export function agreementAllowsFlow(a: Agreement, today: CivilDate, suspended = false): boolean {
  const state = agreementState(a, today, suspended);
  return state === 'active' || state === 'review-overdue';
}

/** ISO 8601 `ackWithin` (days to seconds; validated by the parser) in milliseconds. */
export function ackWithinMs(duration: string): number {
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(duration);
  if (!m) throw new Error(`not an ackWithin duration: ${duration}`);
  const [, d, h, min, sec] = m.map((x) => Number(x ?? 0));
  return (((d * 24 + h) * 60 + min) * 60 + sec) * 1000;
}
