import { HUB_REFERENCE_KEYS, isHubEventType } from '../canonical/event-types';
import type { ProvenanceKind } from '../canonical/provenance';
import { linkMeetsAgreement, type Agreement } from './agreement';
import { factsForEvent } from './facts-for-event';
import { mappaPartiesOf } from './mappa-parties';
import { projectForAgreements } from './projection';

/**
 * The one disclosure decision, as pure functions over the agreements in force today. Every exit
 * asks one of two questions: what may this recipient see of this record (reads, checks, the
 * timeline, the preview, the console, the HMPO lodgement), or may this event go to this
 * subscription and projected how (routing, send-time and read-time re-checks, replays,
 * corrections). DisclosurePolicy supplies today's agreements; the property test drives these.
 */

import type { SubjectFacts } from './subject-facts';
export type { SubjectFacts };

/** A subscription's own narrowing, tested against agreements' conditions. */
export interface SubscriptionFilter {
  areas?: string[];
  mappaCategories?: number[];
}

/** The subject's MAPPA category, counting a registered offender as category 1 (CJA 2003 s.327). */
export function mappaCategoryOf(facts: SubjectFacts): number | null {
  return facts.mappaCategory ?? (facts.hasActiveRegistration ? 1 : null);
}

export function conditionsHold(a: Agreement, facts: SubjectFacts): boolean {
  const { areas, mappaCategories, watchlistEntry } = a.conditions;
  if (areas && !areas.some((area) => facts.areas.includes(area))) return false;
  if (mappaCategories) {
    const category = mappaCategoryOf(facts);
    if (category === null || !mappaCategories.includes(category)) return false;
  }
  if (watchlistEntry && !facts.hasActiveWatchEntry) return false;
  return true;
}

/** Whether a subscription's own filter takes this subject today. */
export function subscriptionTakes(filter: SubscriptionFilter, facts: SubjectFacts): boolean {
  if (filter.areas?.length && !filter.areas.some((a) => facts.areas.includes(a))) return false;
  if (filter.mappaCategories?.length) {
    const category = mappaCategoryOf(facts);
    if (category === null || !filter.mappaCategories.includes(category)) return false;
  }
  return true;
}

/** Every provenance kind of the facts an event carries (objects with a `provenance.kind`, at any depth). */
function factKinds(value: unknown, into = new Set<ProvenanceKind>()): Set<ProvenanceKind> {
  if (value === null || typeof value !== 'object') return into;
  if (Array.isArray(value)) {
    for (const v of value) factKinds(v, into);
    return into;
  }
  const kind = (value as { provenance?: { kind?: ProvenanceKind } }).provenance?.kind;
  if (kind) into.add(kind);
  for (const v of Object.values(value)) factKinds(v, into);
  return into;
}

/**
 * The channels of the facts an event is news of. The subject summary every event carries (its
 * names, usually from a court) is context, not news: a notification the person made, sent with
 * their names, must not reach an agreement excluding NOTIFICATION on the strength of the names.
 * An event that carries nothing but the subject is news of the subject.
 */
function eventKinds(data: Record<string, unknown>): Set<ProvenanceKind> {
  const { subject: _context, ...news } = data;
  const kinds = factKinds(news);
  return kinds.size ? kinds : factKinds(data);
}

/**
 * An agreement carries an event only if some fact of it came through a channel the agreement
 * does not exclude (or it carries no facts): a deadline derived from a travel notification does
 * not go, even empty, under an agreement excluding NOTIFICATION, since its arrival alone tells.
 */
function carries(a: Agreement, kinds: Set<ProvenanceKind>): boolean {
  return kinds.size === 0 || [...kinds].some((k) => !a.excludeProvenance.includes(k));
}

/** What leaves: the union of the agreements' fields, plus the hub's own references (merge and correction ids). */
export function projectedPayload(data: Record<string, unknown>, agreements: Agreement[]): Record<string, unknown> {
  const references = Object.fromEntries(
    HUB_REFERENCE_KEYS.filter((k) => data[k] !== undefined).map((k) => [k, structuredClone(data[k])]),
  );
  return { ...projectForAgreements(data, agreements), ...references };
}

// ─── Record views ─────────────────────────────────────────────────────────────────────────

/** One event of the subject, as the timeline would show it before projection. */
export interface TimelineEvent {
  eventId: string;
  type: string;
  sequence: number;
  at: string;
  sourceAgency: string;
  sourceMessageId: string | null;
  data: Record<string, unknown>;
  /** Only these agencies may see it (a correction); null: whoever agreements allow. */
  audience: string[] | null;
  /** The subject's areas when it was raised (see DeliveryRequest); absent or null: today's. */
  areas?: string[] | null;
}

/** A subject's record as an exit would show it, before projection. */
export interface RecordView {
  subjectId: string;
  facts: SubjectFacts;
  /** The record in canonical-path layout (subject-read-model's canonicalView). */
  record: Record<string, unknown>;
  /** Its events, newest first, when the timeline is asked for. */
  events?: TimelineEvent[];
}

/** Narrows which agreements a record view may rest on. */
export interface RecordScope {
  /** Only agreements for this purpose (the HMPO lodgement needs PASSPORT_CONTROL). */
  purpose?: Agreement['purpose'];
  /** Only this agreement (a DPO's preview of one agreement). */
  agreementId?: string;
  /**
   * Someone the hub does not hold (a nominal only the PNC answered a check with): there are no
   * hub facts to judge conditions on, so the agreements for the purpose apply as written.
   */
  unheld?: boolean;
}

export interface RecordDisclosure {
  /** The agreements relied on (for the audit log). */
  agreements: Agreement[];
  /** The record projected to the union of their fields, minus excluded provenance. */
  record: Record<string, unknown>;
  /** The timeline entries they let the recipient see, each projected like a delivery of that event. */
  timeline: TimelineEvent[];
}

/**
 * What `recipient` may see of a record: the union of the fields of every agreement in force
 * naming it whose conditions hold for the subject, whatever its event types (agreements.md);
 * null when there is none, which callers answer as "not found".
 */
export function decideRecord(
  inForce: Agreement[],
  recipient: string,
  view: RecordView,
  scope: RecordScope = {},
): RecordDisclosure | null {
  const agreements = inForce.filter(
    (a) =>
      a.recipients.includes(recipient) &&
      (!scope.purpose || a.purpose === scope.purpose) &&
      (!scope.agreementId || a.id === scope.agreementId) &&
      (scope.unheld || conditionsHold(a, view.facts)),
  );
  if (agreements.length === 0) return null;
  const timeline = (view.events ?? []).flatMap((e) => {
    const under = timelineAgreements(agreements, recipient, e, view.facts, scope);
    return under.length ? [{ ...e, data: projectedPayload(e.data, under) }] : [];
  });
  return { agreements, record: projectForAgreements(view.record, agreements), timeline };
}

/**
 * A timeline entry is shown as its event would be delivered: under the reader's agreements that
 * list its type (a correction: to its audience, under any of them), meet its identity link and
 * carry its provenance. Its type, source agency and message id are shown only with it.
 */
function timelineAgreements(
  agreements: Agreement[],
  recipient: string,
  e: TimelineEvent,
  facts: SubjectFacts,
  scope: RecordScope,
): Agreement[] {
  if (e.audience) return e.audience.includes(recipient) ? agreements : [];
  const kinds = eventKinds(e.data);
  const link = e.data.link as { basis?: string; score?: number } | undefined;
  // Shown only under agreements that held for the areas responsible when it happened, as its delivery was.
  const then = factsForEvent(asWhenRaised(facts, e.areas), e.type, e.data);
  return agreements.filter(
    (a) =>
      a.eventTypes.includes(e.type as Agreement['eventTypes'][number]) &&
      (scope.unheld || conditionsHold(a, then)) &&
      linkMeetsAgreement(a, link) &&
      carries(a, kinds),
  );
}

// ─── Deliveries ───────────────────────────────────────────────────────────────────────────

export interface DeliveryRequest {
  /**
   * `areas`: the subject's current areas when the event was raised. Area conditions and filters
   * are judged on them, so the event (sent, retried, replayed) goes to whoever was responsible
   * then, and never to an area that became responsible later (responsibility.md). Absent or
   * null (an event older than the record of them): today's areas.
   */
  event: {
    type: string;
    data: Record<string, unknown>;
    audience: string[] | null;
    areas?: string[] | null;
    /** Raised by the bulk import of history: only agreements with `backloaded: deliver` carry it. */
    backloaded?: boolean;
  };
  /** Today's facts of the event's subject; null when the subject is no longer held. */
  facts: SubjectFacts | null;
  subscription: { agencyId: string; eventTypes: readonly string[]; filter: SubscriptionFilter };
  /** A correction owed to this subscription: the agreements the corrected deliveries relied on. */
  correctionUnder?: string[];
  /** At send or read time: the agreements it was routed under; only those still allowing it carry it now. */
  routedUnder?: string[];
}

export interface DeliveryDecision {
  allowed: boolean;
  /** The agreements relied on (empty when not allowed). */
  agreements: Agreement[];
  /** The projected payload (null when not allowed). */
  payload: Record<string, unknown> | null;
  /** Why not, for operators. */
  reason: string | null;
}

const refused = (reason: string): DeliveryDecision => ({ allowed: false, agreements: [], payload: null, reason });

/**
 * Whether this event goes to this subscription now, under which agreements, projected how. An
 * event goes when the subscription takes it and some agreement in force names the agency,
 * lists the type, holds for the subject, accepts the identity link and carries its provenance
 * (and, for a back-loaded event, chose to deliver them).
 * A correction goes under those of the agreements of what it corrects still in force: their
 * conditions held when the data left, and a correction only retracts.
 */
export function decideDelivery(inForce: Agreement[], r: DeliveryRequest): DeliveryDecision {
  const { event, subscription } = r;
  // The hub's own events carry nothing of any record: they go, as they are, to whom they address.
  if (isHubEventType(event.type)) {
    return event.audience?.includes(subscription.agencyId)
      ? { allowed: true, agreements: [], payload: event.data, reason: null }
      : refused(`the hub's own event is addressed only to ${(event.audience ?? []).join(', ') || 'no one'}`);
  }
  if (!r.facts) return refused('the subject is no longer held');
  const asRaised = asWhenRaised(r.facts, event.areas);
  if (event.audience && !event.audience.includes(subscription.agencyId))
    return refused(`the event is addressed only to ${event.audience.join(', ')}`);
  if (r.correctionUnder) {
    const under = inForce.filter((a) => r.correctionUnder!.includes(a.id));
    return under.length
      ? allowedUnder(under, event.data)
      : refused('no agreement the corrected data left under is in force');
  }
  if (!subscription.eventTypes.includes(event.type)) return refused('the subscription does not take this event type');
  if (!subscriptionTakes(subscription.filter, asRaised))
    return refused("the subscription's filter no longer takes this subject");
  const facts = factsForEvent(asRaised, event.type, event.data);
  const kinds = eventKinds(event.data);
  const link = event.data.link as { basis?: string; score?: number } | undefined;
  // A party to a MAPPA meeting (attendee, chair, action owner) is not asked the agreement's conditions.
  const party = mappaPartiesOf(event.type, event.data).includes(subscription.agencyId);
  const under = inForce.filter(
    (a) =>
      a.recipients.includes(subscription.agencyId) &&
      a.eventTypes.includes(event.type as Agreement['eventTypes'][number]) &&
      (party || conditionsHold(a, facts)) &&
      linkMeetsAgreement(a, link) &&
      carries(a, kinds) &&
      (!event.backloaded || a.backloaded === 'deliver') &&
      (!r.routedUnder || r.routedUnder.includes(a.id)),
  );
  return under.length
    ? allowedUnder(under, event.data)
    : refused(`no agreement in force today lets ${subscription.agencyId} receive it`);
}

/** Today's facts, with the areas the subject had when the event was raised (when they are known). */
function asWhenRaised(facts: SubjectFacts, areas: string[] | null | undefined): SubjectFacts {
  return areas ? { ...facts, areas } : facts;
}

function allowedUnder(agreements: Agreement[], data: Record<string, unknown>): DeliveryDecision {
  return { allowed: true, agreements, payload: projectedPayload(data, agreements), reason: null };
}
