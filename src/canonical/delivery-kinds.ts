/**
 * The ways an agency can receive its events: the one list of delivery kinds. The subscription
 * DTO, the router, replay, the delivery processor's transport registry and the AsyncAPI
 * catalogue all read it; the `subscriptions.mode` CHECK constraint (migration
 * 1764000000000-initial-schema) spells the same names and must be changed by a new migration
 * when a kind is added (migrations import nothing from here). docs/adr/0015 lists the files a
 * new kind touches.
 *
 * `pushed`: the hub sends each delivery through the kind's DeliveryTransport (an adapter in
 * adapters/outbound/), retrying on its schedule and dead-lettering. `pulled`: the delivery waits
 * in order for the agency to read it (GET /v1/feed); nothing is sent.
 * `target: 'url'`: the subscription names a public URL, checked against the SSRF policy when
 * subscribing; `'none'`: it names nothing.
 */
export const DELIVERY_KINDS = {
  webhook: {
    carriage: 'pushed',
    target: 'url',
    catalogue: {
      address: null,
      title: 'Webhook deliveries',
      description:
        'POST <subscription url>: one event per request, body a CloudEvent (application/cloudevents+json), signed with Standard Webhooks headers. Any 2xx is success; 5xx, 408, 429 (Retry-After honoured), timeouts and connection errors are retried with backoff for at least 72 hours, then dead-lettered; other 4xx are permanent failures; 410 also disables the subscription.',
      operationId: 'receiveWebhook',
      operationTitle: 'Receive an event by webhook',
      summary: 'The hub POSTs each event to the subscription URL; verify webhook-signature before trusting it.',
      bindings: { http: { method: 'POST', bindingVersion: '0.3.0' } },
    },
  },
  feed: {
    carriage: 'pulled',
    target: 'none',
    catalogue: {
      address: '/v1/feed',
      title: 'Pull feed',
      description:
        'GET /v1/feed?after=<cursor>&limit=<1..500, default 100> with an agency token (scope feed:read): `{ "events": [<CloudEvent>...], "nextCursor": "..." }` (components.schemas.FeedPage), oldest first, for the caller\'s feed-mode subscriptions. Each item is one of this channel\'s messages, without the webhook headers. A bad limit or cursor is 400.',
      operationId: 'pullFeed',
      operationTitle: 'Pull events from the feed',
      summary: 'GET /v1/feed returns the next page of events after a cursor.',
      bindings: {
        http: {
          method: 'GET',
          query: {
            type: 'object',
            properties: {
              after: { type: 'string', description: 'nextCursor of the previous page; absent = from the first event.' },
              limit: { type: 'integer', description: 'Page size.', minimum: 1, maximum: 500, default: 100 },
            },
          },
          bindingVersion: '0.3.0',
        },
      },
    },
  },
} as const satisfies Record<string, DeliveryKindTraits>;

export interface DeliveryKindTraits {
  carriage: 'pushed' | 'pulled';
  target: 'url' | 'none';
  /** How the AsyncAPI catalogue describes the kind's channel and its receive operation. */
  catalogue: {
    /** Where a pulled kind is read from the hub; null for a pushed kind (the subscriber's url). */
    address: string | null;
    title: string;
    description: string;
    operationId: string;
    operationTitle: string;
    summary: string;
    bindings: Record<string, unknown>;
  };
}

export type DeliveryKind = keyof typeof DELIVERY_KINDS;

/** Kinds the hub sends through a transport. */
export type PushedDeliveryKind = {
  [K in DeliveryKind]: (typeof DELIVERY_KINDS)[K]['carriage'] extends 'pushed' ? K : never;
}[DeliveryKind];

export const DELIVERY_KIND_NAMES = Object.keys(DELIVERY_KINDS) as DeliveryKind[];

export function isDeliveryKind(value: string): value is DeliveryKind {
  return Object.hasOwn(DELIVERY_KINDS, value);
}

export function isPushed(kind: DeliveryKind): kind is PushedDeliveryKind {
  return DELIVERY_KINDS[kind].carriage === 'pushed';
}

export function needsUrl(kind: DeliveryKind): boolean {
  return DELIVERY_KINDS[kind].target === 'url';
}
