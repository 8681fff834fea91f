/** Every event type the hub publishes (events.md); names are part of the external contract. */
export const EVENT_TYPES = [
  'subject.created',
  'subject.details.changed',
  'subject.merged',
  'subject.unmerged',
  'conviction.recorded',
  'caution.recorded',
  'registration.started',
  'registration.changed',
  'registration.ended',
  'notification.received',
  'order.made',
  'order.varied',
  'order.discharged',
  'order.expired',
  'risk.assessed',
  'risk.level.changed',
  'risk.plan.recorded',
  'mappa.changed',
  'licence.conditions.set',
  'custody.received',
  'custody.transferred',
  'release.scheduled',
  'custody.released',
  'custody.recalled',
  'supervision.ended',
  'offender-manager.allocated',
  'watchlist.entry.lodged',
  'watchlist.entry.withdrawn',
  'watchlist.hit',
  'deadline.due',
  'deadline.overdue',
  'alert.issued',
  'record.corrected',
  'responsibility.changed',
  'transfer.requested',
  'responsibility.gap',
  'alert.travel.conflict',
  'subject.identity.changed',
  'mappa.meeting.held',
  'mappa.action.assigned',
  'mappa.action.updated',
] as const;

export type EventType = (typeof EVENT_TYPES)[number];

export function isEventType(value: unknown): value is EventType {
  return typeof value === 'string' && (EVENT_TYPES as readonly string[]).includes(value);
}

/**
 * The hub's own events: about no subject, carrying no personal data, relying on no agreement,
 * sent only to the agency they are addressed to (never subscribed to, never in an agreement).
 * `hub.subscription.test`: POST /v1/subscriptions/{id}/test, so an integrator can see a signed
 * delivery reach its endpoint.
 */
export const HUB_EVENT_TYPES = ['hub.subscription.test'] as const;

export type HubEventType = (typeof HUB_EVENT_TYPES)[number];

export function isHubEventType(value: unknown): value is HubEventType {
  return typeof value === 'string' && (HUB_EVENT_TYPES as readonly string[]).includes(value);
}

/**
 * An event as the domain raises it, before routing. `data` uses canonical field names at its
 * top level (`subject`, `conviction`, `registration`, `order`, ...) so that one field
 * allow-list governs events, reads and checks.
 */
export interface DomainEvent {
  type: EventType;
  data: Record<string, unknown>;
}

/**
 * Keys of `data` that are hub references, not record content: the ids of subjects and events
 * a merge, unmerge or correction is about. Every agreement that lets an event type through
 * carries them (the recipient cannot act on the event without them); no field path names them.
 */
export const HUB_REFERENCE_KEYS = ['mergedSubjectId', 'unmergedSubjectId', 'correction'] as const;
export type HubReferenceKey = (typeof HUB_REFERENCE_KEYS)[number];

/**
 * The hub's own events about a subscription's endpoint (docs/adr/0023): like HUB_EVENT_TYPES
 * about no subject, under no agreement, to the owning agency only, and carrying ids, counts,
 * status codes and times only; unlike them, never sent through the subscription (whose endpoint
 * may be the thing failing) but put in the agency's feed and kept for `GET /v1/deliveries`.
 */
export const OPERATIONAL_EVENT_TYPES = [
  'hub.subscription.failing',
  'hub.subscription.recovered',
  'hub.subscription.disabled',
] as const;

export type OperationalEventType = (typeof OPERATIONAL_EVENT_TYPES)[number];
