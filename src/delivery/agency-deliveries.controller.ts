import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Caller } from '../auth/agency';
import { CurrentCaller, RequireScope } from '../auth/auth.decorators';
import { AuditLog } from '../audit/audit-log';
import { ProblemException } from '../common/problem';
import { SubscriptionRepository } from '../subscriptions/subscription.repository';
import { AGENCY_LISTABLE_STATUSES, parseAgencyDeliveryQuery } from './operators/delivery-list.query';
import { OperatorDeliveriesRepository, type DeliveryView } from './operators/operator-deliveries.repository';
import { OperationalEventsRepository } from './operational-events.repository';
import { SubscriptionHealth } from './subscription-health';
import { anyObject, namedSchema, objectOf, pageOf } from '../common/openapi/named-schemas';

const PAGE = pageOf(anyObject('One delivery attempt: ids, type, state, last answer, times; no payload'));
const AGENCY_DELIVERY_PAGE = namedSchema('AgencyDeliveryPage', {
  ...PAGE,
  properties: {
    ...PAGE.properties,
    subscription: objectOf('The subscription, its endpoint health and latest operational events', {}),
  },
  required: ['subscription', 'items', 'nextCursor'],
});

/** How many of the latest operational events the list shows beside the subscription. */
const LATEST_OPERATIONAL_EVENTS = 10;

/**
 * A delivery as its own agency sees it: ids, type, state, the receiver's last answer, times.
 * No subject id and no payload (the agency has the events it received; a list of attempts
 * need not repeat who they were about), and a blocked delivery's reason is not given (it can
 * name an erasure or an agreement's state, which are not the recipient's to learn here).
 */
function agencyView(d: DeliveryView) {
  return {
    id: d.id,
    eventId: d.eventId,
    eventType: d.eventType,
    status: d.status,
    attempts: d.attempts,
    lastStatusCode: d.lastStatusCode,
    lastError: d.status === 'blocked' ? null : d.lastError,
    nextAttemptAt: d.nextAttemptAt,
    createdAt: d.createdAt,
    updatedAt: d.updatedAt,
    deliveredAt: d.deliveredAt,
    replayOf: d.replayOf,
  };
}

/**
 * An agency's own view of one of its subscriptions: how its endpoint is doing, what the hub
 * told it about that (adr/0023), and its delivery attempts, newest first. Scoped in SQL to the
 * caller's agency; another agency's subscription is 404, as if it did not exist.
 */
@ApiTags('delivery')
@ApiBearerAuth()
@Controller('v1/deliveries')
export class AgencyDeliveriesController {
  constructor(
    private readonly subscriptions: SubscriptionRepository,
    private readonly deliveries: OperatorDeliveriesRepository,
    private readonly health: SubscriptionHealth,
    private readonly operational: OperationalEventsRepository,
    private readonly audit: AuditLog,
  ) {}

  @Get()
  // The integrator who manages the subscription, or the system that reads the feed.
  @RequireScope('subscriptions:write', 'feed:read')
  @ApiOperation({
    summary:
      "Your deliveries for one of your subscriptions, newest first (ids, types, states, the receiver's last answer, times; no personal data), with the endpoint's health and the latest operational events",
  })
  @ApiQuery({ name: 'subscriptionId', required: true, description: 'one of your subscriptions' })
  @ApiQuery({
    name: 'status',
    required: false,
    description: `one or more of ${AGENCY_LISTABLE_STATUSES.join(', ')}, comma separated; default all`,
  })
  @ApiQuery({ name: 'limit', required: false, description: '1-500, default 100' })
  @ApiQuery({ name: 'cursor', required: false, description: 'nextCursor of the previous page' })
  @ApiResponse({
    status: 200,
    description:
      '{ subscription: { id, status, mode, health: { state, consecutiveFailures, failingSince, lastFailureAt, lastStatusCode, lastError }, operationalEvents: [{ id, type, time, data }] }, items: [{ id, eventId, eventType, status, attempts, lastStatusCode, lastError, nextAttemptAt, createdAt, updatedAt, deliveredAt, replayOf }], nextCursor: string | null }',
    schema: AGENCY_DELIVERY_PAGE,
  })
  @ApiResponse({ status: 400, description: 'A missing, bad or unknown query parameter, each named in errors[]' })
  @ApiResponse({ status: 404, description: 'No subscription of yours has that id' })
  async list(@Query() query: Record<string, unknown>, @CurrentCaller() caller: Caller) {
    const q = parseAgencyDeliveryQuery(query, caller.agency.id);
    const subscription = await this.subscriptions.findById(q.subscriptionId!);
    if (!subscription || subscription.agencyId !== caller.agency.id)
      throw new ProblemException('SUBSCRIPTION_NOT_FOUND', 'No subscription of yours has that id');
    const [page, health, told] = await Promise.all([
      this.deliveries.list(q),
      this.health.of(subscription.id),
      this.operational.latestFor(caller.agency.id, subscription.id, LATEST_OPERATIONAL_EVENTS),
    ]);
    await this.audit.record({
      action: 'CONSULTATION',
      operation: 'deliveries.read',
      agencyId: caller.agency.id,
      actorSub: caller.sub,
      details: { subscriptionId: subscription.id, statuses: q.statuses, count: page.items.length },
    });
    return {
      subscription: {
        id: subscription.id,
        status: subscription.status,
        mode: subscription.mode,
        health,
        operationalEvents: told.map((e) => ({ id: e.id, type: e.type, time: e.createdAt, data: e.data })),
      },
      items: page.items.map(agencyView),
      nextCursor: page.nextCursor,
    };
  }
}
