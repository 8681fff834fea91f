import { Body, Controller, Delete, Get, Headers, HttpCode, Inject, Param, Patch, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createHash } from 'node:crypto';
import { HUB_ENVIRONMENT, type HubEnvironment } from '../../config/environment';
import { DisclosurePolicy } from '../agreements/disclosure-policy';
import type { Caller } from '../auth/agency';
import { CurrentCaller, RequireScope } from '../auth/auth.decorators';
import { isPushed, needsUrl } from '../canonical/delivery-kinds';
import type { EventType } from '../canonical/event-types';
import { IDEMPOTENCY_KEY } from '../common/idempotency-key';
import { ProblemException, RequestValidationException } from '../common/problem';
import { webhookUrlProblem } from '../common/webhook-url-policy';
import { CreateSubscriptionDto, SecretRotationDto, UpdateSubscriptionDto } from './subscription.dto';
import { publicView, type Subscription } from './subscription';
import { newWebhookSecret } from './subscription-secrets';
import { SubscriptionRepository } from './subscription.repository';
import { CREATED_SUBSCRIPTION, SECRET_ROTATION, SUBSCRIPTION, SUBSCRIPTION_LIST } from './subscription-answers.schema';
import { ApiProblems } from '../common/openapi/problem-schema';

const notFound = () => new ProblemException('SUBSCRIPTION_NOT_FOUND', 'You have no subscription with that id');

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
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description:
      'Hub addition. 1-255 printable ASCII characters. The same key and body again answer 201 with the same subscription (and its current secret) and `Idempotency-Replayed: true`; never a second subscription',
  })
  @ApiResponse({
    status: 201,
    description: '{ id, agency, eventTypes, filter, delivery, status, createdAt, secret, unauthorisedEventTypes? }',
    schema: CREATED_SUBSCRIPTION,
  })
  @ApiResponse({ status: 400, description: 'The Idempotency-Key is not 1-255 printable ASCII characters' })
  @ApiResponse({
    status: 403,
    description: 'No agreement lets this agency receive any of these event types for the subjects its filter admits',
  })
  @ApiResponse({
    status: 422,
    description: 'Invalid fields, each named in errors[]; or the Idempotency-Key was used with a different body',
  })
  async create(
    @Body() dto: CreateSubscriptionDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Req() request: FastifyRequest & { rawBody?: Buffer },
    @Res({ passthrough: true }) reply: FastifyReply,
    @CurrentCaller() caller: Caller,
  ) {
    if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey)) {
      throw new ProblemException(
        'IDEMPOTENCY_KEY_INVALID',
        'The Idempotency-Key header must be 1-255 printable ASCII characters',
      );
    }
    const kind = dto.delivery.mode;
    if (needsUrl(kind)) await this.checkUrl(dto.delivery.url!);
    const eventTypes = [...new Set(dto.eventTypes)] as EventType[];
    const filter = ownFilter(dto.filter);
    const unauthorisedEventTypes = await this.unreceivable(caller, eventTypes, filter);
    // A pushed kind signs each delivery with the subscription's own secret as well as the hub's key.
    const secret = isPushed(kind) ? newWebhookSecret() : null;
    // Same bytes, same request, as for inbound messages.
    const raw = request.rawBody ?? Buffer.from(JSON.stringify(request.body ?? null));
    const made = await this.subscriptions.create(
      {
        agencyId: caller.agency.id,
        eventTypes,
        filter,
        mode: kind,
        url: needsUrl(kind) ? dto.delivery.url! : null,
        secret,
      },
      caller.sub,
      idempotencyKey ? { key: idempotencyKey, requestSha256: createHash('sha256').update(raw).digest('hex') } : null,
    );
    if (made.outcome === 'different-body')
      throw new ProblemException(
        'IDEMPOTENCY_KEY_REUSED',
        'This Idempotency-Key was already used with a different body',
      );
    // The caller's own retry: it is given what the first answer gave (the secret as it stands now).
    if (made.outcome === 'replay') reply.header('idempotency-replayed', 'true');
    const given = made.outcome === 'replay' ? made.secret : secret;
    // Types no agreement allows are kept (an agreement may be added later) but never delivered until one does.
    return {
      ...publicView(made.subscription),
      ...(given ? { secret: given } : {}),
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

  @Patch(':id')
  @RequireScope('subscriptions:write')
  @ApiOperation({
    summary:
      'Hub addition: change event types, filter or webhook URL of your own subscription (each field given replaces the current one)',
  })
  @ApiResponse({
    status: 200,
    description: '{ id, agency, eventTypes, filter, delivery, status, createdAt, unauthorisedEventTypes? } (no secret)',
    schema: SUBSCRIPTION,
  })
  @ApiResponse({ status: 403, description: 'No agreement lets this agency receive any of the resulting event types' })
  @ApiResponse({ status: 404, description: "No such subscription of yours (another agency's id is 404)" })
  @ApiResponse({ status: 422, description: 'Invalid fields, each named in errors[] (the URL is checked as on create)' })
  async update(@Param('id') id: string, @Body() dto: UpdateSubscriptionDto, @CurrentCaller() caller: Caller) {
    const current = await this.subscriptions.findOwned(id, caller.agency.id);
    if (!current) throw notFound();
    const errors: { path: string; message: string }[] = [];
    if (dto.delivery?.mode !== undefined && dto.delivery.mode !== current.mode)
      errors.push({ path: 'delivery.mode', message: `cannot change (it is ${current.mode}); make a new subscription` });
    if (dto.delivery?.url !== undefined) {
      const problem = needsUrl(current.mode)
        ? await webhookUrlProblem(dto.delivery.url, this.env.allowInsecureWebhooks)
        : `a ${current.mode} subscription has no url`;
      if (problem) errors.push({ path: 'delivery.url', message: problem });
    }
    if (errors.length) throw new RequestValidationException(errors);

    const eventTypes = dto.eventTypes ? ([...new Set(dto.eventTypes)] as EventType[]) : undefined;
    const filter = dto.filter ? ownFilter(dto.filter) : undefined;
    const unauthorisedEventTypes = await this.unreceivable(
      caller,
      eventTypes ?? current.eventTypes,
      filter ?? current.filter,
    );
    const changed = await this.subscriptions.update(id, caller.agency.id, {
      eventTypes,
      filter,
      url: dto.delivery?.url,
    });
    if (!changed) throw notFound();
    return { ...publicView(changed), ...(unauthorisedEventTypes.length ? { unauthorisedEventTypes } : {}) };
  }

  @Post(':id/secret/rotation')
  @HttpCode(200)
  @RequireScope('subscriptions:write')
  @ApiOperation({
    summary:
      'Hub addition: a new whsec_ secret; until previousSecretExpiresAt every delivery carries a v1 signature with each (new first)',
  })
  @ApiResponse({
    status: 200,
    description: '{ secret: "whsec_…", previousSecretExpiresAt: "<ISO 8601>" }',
    schema: SECRET_ROTATION,
  })
  @ApiResponse({ status: 404, description: "No such subscription of yours (another agency's id is 404)" })
  @ApiResponse({ status: 409, description: 'A feed subscription has no secret' })
  @ApiResponse({ status: 422, description: 'overlapSeconds is not an integer from 0 to 604800' })
  async rotateSecret(@Param('id') id: string, @Body() dto: SecretRotationDto, @CurrentCaller() caller: Caller) {
    const current = await this.subscriptions.findOwned(id, caller.agency.id);
    if (!current) throw notFound();
    if (!isPushed(current.mode))
      throw new ProblemException(
        'SUBSCRIPTION_HAS_NO_SECRET',
        `A ${current.mode} subscription has no secret to rotate`,
      );
    const secret = newWebhookSecret();
    const overlapMs = dto.overlapSeconds !== undefined ? dto.overlapSeconds * 1000 : this.env.secretRotationOverlapMs;
    const rotated = await this.subscriptions.rotateSecret(id, caller.agency.id, secret, overlapMs);
    if (!rotated) throw notFound();
    return { secret, previousSecretExpiresAt: rotated.previousSecretExpiresAt };
  }

  @Delete(':id')
  @HttpCode(204)
  @RequireScope('subscriptions:write')
  @ApiOperation({ summary: "Stop a subscription (another agency's id is 404)" })
  @ApiProblems([404, 'No subscription of yours has that id'])
  async remove(@Param('id') id: string, @CurrentCaller() caller: Caller): Promise<void> {
    if (!(await this.subscriptions.delete(id, caller.agency.id))) throw notFound();
  }

  /** SSRF rules and https (unless insecure webhooks are allowed), on create and on change alike. */
  private async checkUrl(url: string): Promise<void> {
    const problem = await webhookUrlProblem(url, this.env.allowInsecureWebhooks);
    if (problem) throw new RequestValidationException([{ path: 'delivery.url', message: problem }]);
  }

  /** The types no agreement could ever let the caller receive under this filter; all of them is 403. */
  private async unreceivable(caller: Caller, eventTypes: EventType[], filter: Subscription['filter']) {
    const receivable = await Promise.all(
      eventTypes.map((t) => this.policy.couldEverReceive(caller.agency.id, t, filter)),
    );
    const unauthorised = eventTypes.filter((_, i) => !receivable[i]);
    if (unauthorised.length === eventTypes.length) {
      throw new ProblemException(
        'NO_AGREEMENT_FOR_SUBSCRIPTION',
        'No data-sharing agreement lets your agency receive any of these event types for the subjects your filter admits',
      );
    }
    return unauthorised;
  }
}

/** The filter as stored: only the keys the caller gave. */
function ownFilter(f: { areas?: string[]; mappaCategories?: number[] } | undefined): Subscription['filter'] {
  return {
    ...(f?.areas ? { areas: f.areas } : {}),
    ...(f?.mappaCategories ? { mappaCategories: f.mappaCategories } : {}),
  };
}
