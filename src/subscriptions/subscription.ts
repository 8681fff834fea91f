import { needsUrl, type DeliveryKind } from '../canonical/delivery-kinds';
import type { EventType } from '../canonical/event-types';

export interface Subscription {
  id: string;
  agencyId: string;
  eventTypes: EventType[];
  filter: { areas?: string[]; mappaCategories?: number[] };
  mode: DeliveryKind;
  url: string | null;
  status: 'active' | 'disabled' | 'deleted';
  createdAt: string;
}

/** The subscription as its owner sees it; the secret is shown only once, at creation. */
export function publicView(s: Subscription) {
  return {
    id: s.id,
    agency: s.agencyId,
    eventTypes: s.eventTypes,
    filter: s.filter,
    delivery: needsUrl(s.mode) ? { mode: s.mode, url: s.url } : { mode: s.mode },
    status: s.status,
    createdAt: s.createdAt,
  };
}
