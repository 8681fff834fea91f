import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Caller } from '../auth/agency';
import { CurrentCaller, RequireScope } from '../auth/auth.decorators';
import { AuditLog } from '../audit/audit-log';
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
  @ApiResponse({ status: 200, description: 'OK', schema: OVERDUE_ACKNOWLEDGEMENTS })
  async overdue(@CurrentCaller() caller: Caller, @Query('agency') agency?: string, @Query('limit') limit?: string) {
    const n = limit === undefined ? 100 : Number(limit);
    if (!Number.isInteger(n) || n < 1 || n > 500)
      throw new ProblemException('QUERY_PARAMETER_INVALID', 'limit must be an integer 1-500', [
        { path: 'limit', message: 'must be an integer 1-500' },
      ]);
    const items = await this.acknowledgements.overdue(n, agency);
    await this.audit.record({
      action: 'CONSULTATION',
      operation: 'admin.acknowledgements.overdue.read',
      agencyId: caller.agency.id,
      actorSub: caller.sub,
      details: { count: items.length },
    });
    return { items };
  }
}
