import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { randomBytes } from 'node:crypto';
import { HUB_ENVIRONMENT, type HubEnvironment } from '../../config/environment';
import { DisclosurePolicy } from '../agreements/disclosure-policy';
import type { Caller } from '../auth/agency';
import { CurrentCaller, RequireScope } from '../auth/auth.decorators';
import { isPushed, needsUrl } from '../canonical/delivery-kinds';
import type { EventType } from '../canonical/event-types';
import { ProblemException, RequestValidationException } from '../common/problem';
import { CreateSubscriptionDto } from './subscription.dto';
import { publicView } from './subscription';
import { SubscriptionRepository } from './subscription.repository';
import { webhookUrlProblem } from '../common/webhook-url-policy';
import { CREATED_SUBSCRIPTION, SUBSCRIPTION_LIST } from './subscription-answers.schema';
import { ApiProblems } from '../common/openapi/problem-schema';

@ApiTags('subscriptions')
@ApiBearerAuth()
@Controller('v1/subscriptions')
export class SubscriptionsController {
  constructor(
    private readonly subscriptions: SubscriptionRepository,
    private readonly policy: DisclosurePolicy,
    @Inject(HUB_ENVIRONMENT) private readonly env: HubEnvironment,
  ) {}

  @Post()
  @RequireScope('subscriptions:write')
  @ApiOperation({ summary: 'Subscribe to event types; webhook mode returns the whsec_ secret once' })
  @ApiResponse({
    status: 201,
    schema: CREATED_SUBSCRIPTION,
    description: '{ id, agency, eventTypes, filter, delivery, createdAt, secret }',
  })
  @ApiResponse({
    status: 403,
    description: 'No agreement lets this agency receive any of these event types for the subjects its filter admits',
  })
  @ApiProblems([422, 'Invalid fields, or event types the hub does not publish'])
  async create(@Body() dto: CreateSubscriptionDto, @CurrentCaller() caller: Caller) {
    const kind = dto.delivery.mode;
    if (needsUrl(kind)) {
      const problem = await webhookUrlProblem(dto.delivery.url!, this.env.allowInsecureWebhooks);
      if (problem) throw new RequestValidationException([{ path: 'delivery.url', message: problem }]);
    }
    const eventTypes = [...new Set(dto.eventTypes)] as EventType[];
    const filter = { areas: dto.filter?.areas, mappaCategories: dto.filter?.mappaCategories };
    const receivable = await Promise.all(
      eventTypes.map((t) => this.policy.couldEverReceive(caller.agency.id, t, filter)),
    );
    const unauthorisedEventTypes = eventTypes.filter((_, i) => !receivable[i]);
    if (unauthorisedEventTypes.length === eventTypes.length) {
      throw new ProblemException(
        'NO_AGREEMENT_FOR_SUBSCRIPTION',
        'No data-sharing agreement lets your agency receive any of these event types for the subjects your filter admits',
      );
    }
    // A pushed kind signs each delivery with the subscription's own secret as well as the hub's key.
    const secret = isPushed(kind) ? `whsec_${randomBytes(32).toString('base64')}` : null;
    const subscription = await this.subscriptions.create(
      {
        agencyId: caller.agency.id,
        eventTypes,
        filter: {
          ...(dto.filter?.areas ? { areas: dto.filter.areas } : {}),
          ...(dto.filter?.mappaCategories ? { mappaCategories: dto.filter.mappaCategories } : {}),
        },
        mode: kind,
        url: needsUrl(kind) ? dto.delivery.url! : null,
        secret,
      },
      caller.sub,
    );
    // Types no agreement allows are kept (an agreement may be added later) but never delivered until one does.
    return {
      ...publicView(subscription),
      ...(secret ? { secret } : {}),
      ...(unauthorisedEventTypes.length ? { unauthorisedEventTypes } : {}),
    };
  }

  @Get()
  @RequireScope('subscriptions:write')
  @ApiOperation({ summary: "The caller's own subscriptions" })
  @ApiResponse({ status: 200, description: 'OK', schema: SUBSCRIPTION_LIST })
  async list(@CurrentCaller() caller: Caller) {
    return { subscriptions: (await this.subscriptions.listForAgency(caller.agency.id)).map(publicView) };
  }

  @Delete(':id')
  @HttpCode(204)
  @RequireScope('subscriptions:write')
  @ApiOperation({ summary: "Stop a subscription (another agency's id is 404)" })
  @ApiProblems([404, 'No subscription of yours has that id'])
  async remove(@Param('id') id: string, @CurrentCaller() caller: Caller): Promise<void> {
    if (!(await this.subscriptions.delete(id, caller.agency.id))) {
      throw new ProblemException('SUBSCRIPTION_NOT_FOUND', 'You have no subscription with that id');
    }
  }
}
