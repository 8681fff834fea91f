import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Caller } from '../../auth/agency';
import { AgencyRegistry } from '../../auth/agency-registry';
import { CurrentCaller, RequireScope } from '../../auth/auth.decorators';
import { AuditLog } from '../../audit/audit-log';
import { LISTABLE_STATUSES, parseDeliveryListQuery } from './delivery-list.query';
import { DeliveryReplayService } from './delivery-replay.service';
import { OperatorDeliveriesRepository } from './operator-deliveries.repository';
import { DeliveryReplayDto, WindowReplayDto } from './replay.dto';
import { DELIVERY_PAGE, REPLAY } from '../delivery-answers.schema';

/** Operators: what is stuck or dead, and sending it again under today's agreements. Every call is audited. */
@ApiTags('operators')
@ApiBearerAuth()
@Controller('v1/admin')
export class DeliveriesAdminController {
  constructor(
    private readonly deliveries: OperatorDeliveriesRepository,
    private readonly replays: DeliveryReplayService,
    private readonly agencies: AgencyRegistry,
    private readonly audit: AuditLog,
  ) {}

  @Get('deliveries')
  @RequireScope('admin')
  @ApiOperation({
    summary: 'Webhook deliveries by state, newest first (no payloads); default: everything not delivered',
  })
  @ApiQuery({
    name: 'status',
    required: false,
    description: `one or more of ${LISTABLE_STATUSES.join(', ')}, comma separated`,
  })
  @ApiQuery({ name: 'agency', required: false, description: 'receiving agency id' })
  @ApiQuery({ name: 'limit', required: false, description: '1-500, default 100' })
  @ApiQuery({ name: 'cursor', required: false, description: 'nextCursor of the previous page' })
  @ApiResponse({ status: 400, description: 'A bad or unknown query parameter, each named in errors[]' })
  @ApiResponse({ status: 200, description: 'OK', schema: DELIVERY_PAGE })
  async list(@Query() query: Record<string, unknown>, @CurrentCaller() caller: Caller) {
    const q = parseDeliveryListQuery(query, (id) => this.agencies.find(id) !== undefined);
    const page = await this.deliveries.list(q);
    await this.audit.record({
      action: 'CONSULTATION',
      operation: 'admin.deliveries.read',
      agencyId: caller.agency.id,
      actorSub: caller.sub,
      details: { statuses: q.statuses, agency: q.agency, count: page.items.length },
    });
    return page;
  }

  @Post('deliveries/:id/replay')
  @HttpCode(202)
  @RequireScope('admin')
  @ApiOperation({
    summary:
      "Send a failed, dead or blocked delivery again now, as the same message (same webhook-id), projected under today's agreements",
  })
  @ApiResponse({
    status: 202,
    schema: REPLAY,
    description: 'Queued; says which agreements now apply and which fields are now withheld, added or changed',
  })
  @ApiResponse({
    status: 200,
    schema: REPLAY,
    description: 'Not sent: no agreement in force today allows it (outcome "withheld", with the reason)',
  })
  @ApiResponse({ status: 404, description: 'No such delivery' })
  @ApiResponse({
    status: 409,
    description:
      'Already pending, already delivered (replay a window instead), a feed entry, or the subscription is no longer active',
  })
  async replayOne(
    @Param('id') id: string,
    @Body() dto: DeliveryReplayDto,
    @CurrentCaller() caller: Caller,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const result = await this.replays.replayDelivery(caller, id, dto.reason ?? null);
    if (result.outcome !== 'queued') reply.status(200);
    return result;
  }

  @Post('replay')
  @HttpCode(202)
  @RequireScope('admin')
  @ApiOperation({
    summary:
      "Re-send a subscription's events raised in [from, to) as new messages (new webhook-ids), each projected under today's agreements",
    description:
      'Events still on their way are left to go; events no agreement allows today are withheld. The answer lists every event with what changed.',
  })
  @ApiResponse({
    status: 202,
    schema: REPLAY,
    description: "{ replayId, counts, items[] } with each event's outcome: queued, withheld or already-pending",
  })
  @ApiResponse({ status: 409, description: 'The subscription is disabled' })
  @ApiResponse({
    status: 422,
    description:
      'A bad field, each named in errors[]: unknown or feed subscription, to not after from, window of more than 5000 events',
  })
  async replayWindow(@Body() dto: WindowReplayDto, @CurrentCaller() caller: Caller) {
    return this.replays.replayWindow(caller, dto);
  }
}
