import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Caller } from '../auth/agency';
import { CurrentCaller, RequireScope } from '../auth/auth.decorators';
import { AuditLog } from '../audit/audit-log';
import { ListQuery } from '../common/paging';
import { ProblemException } from '../common/problem';
import { AcknowledgementDto } from './acknowledgement.dto';
import { Acknowledgements } from './acknowledgements';
import { ACKNOWLEDGEMENT, OVERDUE_ACKNOWLEDGEMENTS } from './delivery-answers.schema';

@ApiTags('delivery')
@ApiBearerAuth()
@Controller()
export class AcknowledgementsController {
  constructor(
    private readonly acknowledgements: Acknowledgements,
    private readonly audit: AuditLog,
  ) {}

  @Post('v1/events/:eventId/acknowledgements')
  @RequireScope('feed:read', 'subscriptions:write')
  @ApiOperation({ summary: 'Confirm the agency has taken an event it received onto its own record' })
  @ApiResponse({ status: 201, schema: ACKNOWLEDGEMENT, description: 'First acknowledgement' })
  @ApiResponse({
    status: 200,
    schema: ACKNOWLEDGEMENT,
    description: 'Already acknowledged: the first acknowledgement again',
  })
  @ApiResponse({ status: 404, description: 'The agency never received this event' })
  async acknowledge(
    @Param('eventId') eventId: string,
    @Body() dto: AcknowledgementDto,
    @CurrentCaller() caller: Caller,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const result = await this.acknowledgements.acknowledge(caller, eventId, dto.note);
    if (!result) throw new ProblemException('EVENT_NOT_RECEIVED', 'Your agency has not received an event with that id');
    reply.status(result.created ? 201 : 200);
    return result.acknowledgement;
  }

  @Get('v1/admin/acknowledgements/overdue')
  @RequireScope('admin')
  @ApiOperation({ summary: "Deliveries not acknowledged within their agreement's ackWithin, oldest deadline first" })
  @ApiQuery({ name: 'agency', required: false })
  @ApiQuery({ name: 'limit', required: false, description: '1-500, default 100' })
  @ApiQuery({ name: 'cursor', required: false, description: 'nextCursor of the previous page' })
  @ApiResponse({ status: 200, description: 'OK', schema: OVERDUE_ACKNOWLEDGEMENTS })
  async overdue(@CurrentCaller() caller: Caller, @Query() query: Record<string, unknown>) {
    const q = new ListQuery(query, ['agency']);
    const agency = q.text('agency');
    if (agency !== undefined && !/^[a-z0-9][a-z0-9.-]{0,99}$/.test(agency))
      q.fail('agency', 'must be an agency id such as police.west-yorkshire');
    const limit = q.limit();
    const after = q.cursor();
    q.done();
    const page = await this.acknowledgements.overdue({ limit, agency, after });
    await this.audit.record({
      action: 'CONSULTATION',
      operation: 'admin.acknowledgements.overdue.read',
      agencyId: caller.agency.id,
      actorSub: caller.sub,
      details: { count: page.items.length },
    });
    return page;
  }
}
