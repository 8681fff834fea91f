import { anyObject, listOf, namedSchema, objectOf, pageOf, text } from '../common/openapi/named-schemas';

/** Acknowledgement (acknowledgements.ts) as /openapi.json gives it. */
export const ACKNOWLEDGEMENT = namedSchema(
  'Acknowledgement',
  objectOf(
    'The receiving agency has taken the event onto its own record',
    {
      eventId: text(undefined, { format: 'uuid' }),
      agency: text(),
      acknowledgedBy: text('The token’s sub'),
      acknowledgedAt: text(undefined, { format: 'date-time' }),
      note: text(),
    },
    ['eventId', 'agency', 'acknowledgedBy', 'acknowledgedAt'],
  ),
);

/** GET /v1/feed (the AsyncAPI document, /asyncapi.yaml, gives each event's payload). */
export const FEED_PAGE = namedSchema(
  'FeedPage',
  objectOf(
    'Events for the caller’s feed subscriptions, oldest first',
    {
      events: listOf(anyObject('A CloudEvents 1.0 event, projected; its data per type in /asyncapi.yaml')),
      nextCursor: text('Always present; equal to `after` when nothing is new'),
    },
    ['events', 'nextCursor'],
  ),
);

export const OVERDUE_ACKNOWLEDGEMENTS = namedSchema(
  'OverdueAcknowledgements',
  pageOf(anyObject('One overdue delivery'), 'Deliveries past their agreement’s ackWithin, oldest deadline first'),
);

export const DELIVERY_PAGE = namedSchema('DeliveryPage', pageOf(anyObject('A delivery and its state, no payload')));
export const REPLAY = namedSchema('Replay', anyObject('What was queued again'));

export const TEST_DELIVERY = namedSchema(
  'SubscriptionTestDelivery',
  objectOf(
    'The test event, queued for delivery',
    {
      deliveryId: text('The webhook-id it arrives with'),
      eventId: text(undefined, { format: 'uuid' }),
      type: text(undefined, { enum: ['hub.subscription.test'] }),
      status: text(undefined, { enum: ['pending'] }),
    },
    ['deliveryId', 'eventId', 'type', 'status'],
  ),
);
