import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Caller } from '../auth/agency';
import { CurrentCaller, RequireScope } from '../auth/auth.decorators';
import { AuditLog } from '../audit/audit-log';
import { ListQuery } from '../common/paging';
import { InboundMessageRepository } from './inbound-message.repository';
import { anyObject, pageOf } from '../common/openapi/named-schemas';

@ApiTags('operators')
@ApiBearerAuth()
@Controller('v1/admin/quarantine')
export class QuarantineController {
  constructor(
    private readonly messages: InboundMessageRepository,
    private readonly audit: AuditLog,
  ) {}

  @Get()
  @RequireScope('admin')
  @ApiOperation({ summary: 'Rejected inbound messages with the reason each was refused, newest first' })
  @ApiQuery({ name: 'agency', required: false })
  @ApiQuery({ name: 'limit', required: false, description: '1-500, default 100' })
  @ApiQuery({ name: 'cursor', required: false, description: 'nextCursor of the previous page' })
  @ApiResponse({
    status: 200,
    description: 'OK',
    schema: pageOf(
      anyObject('A message, its reason (a Problem) and when it came'),
      'Rejected inbound messages, newest first',
    ),
  })
  @ApiResponse({ status: 400, description: 'A bad or unknown query parameter, each named in errors[]' })
  async list(@CurrentCaller() caller: Caller, @Query() query: Record<string, unknown>) {
    const q = new ListQuery(query, ['agency']);
    const agency = q.text('agency');
    if (agency !== undefined && !/^[a-z0-9][a-z0-9.-]{0,99}$/.test(agency))
      q.fail('agency', 'must be an agency id such as police.west-yorkshire');
    const limit = q.limit();
    const after = q.cursor();
    q.done();
    const page = await this.messages.listQuarantine({ agency, limit, after });
    await this.audit.record({
      action: 'CONSULTATION',
      operation: 'admin.quarantine.read',
      agencyId: caller.agency.id,
      actorSub: caller.sub,
      details: { count: page.items.length },
    });
    return page;
  }
}
