import { listOf, namedSchema, objectOf, text } from '../common/openapi/named-schemas';

/** publicView (subscription.ts) as /openapi.json gives it. */
export const SUBSCRIPTION = namedSchema(
  'Subscription',
  objectOf(
    'A subscription as its owner sees it',
    {
      id: text(undefined, { format: 'uuid' }),
      agency: text(),
      eventTypes: listOf(text('An event type (events.md)')),
      filter: objectOf('', { areas: listOf(text()), mappaCategories: listOf({ type: 'integer' }) }),
      delivery: objectOf('', { mode: text('webhook, feed, or another delivery kind'), url: text() }, ['mode']),
      status: text(undefined, { enum: ['active', 'disabled', 'deleted'] }),
      createdAt: text(undefined, { format: 'date-time' }),
    },
    ['id', 'agency', 'eventTypes', 'filter', 'delivery', 'status', 'createdAt'],
  ),
);

export const CREATED_SUBSCRIPTION = namedSchema('CreatedSubscription', {
  allOf: [
    SUBSCRIPTION,
    objectOf('', {
      secret: text('whsec_…, webhook mode only, shown only here'),
      unauthorisedEventTypes: listOf(text(), 'Kept, but delivered only once an agreement allows them'),
    }),
  ],
});

export const SUBSCRIPTION_LIST = namedSchema(
  'SubscriptionList',
  objectOf("The caller's own subscriptions", { subscriptions: listOf(SUBSCRIPTION) }, ['subscriptions']),
);

export const SECRET_ROTATION = namedSchema(
  'SecretRotation',
  objectOf(
    'The new secret; the previous one still signs until it expires',
    {
      secret: text('whsec_…, shown only here'),
      previousSecretExpiresAt: text(undefined, { format: 'date-time' }),
    },
    ['secret', 'previousSecretExpiresAt'],
  ),
);
