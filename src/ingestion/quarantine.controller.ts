import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags, ApiResponse } from '@nestjs/swagger';
import type { Caller } from '../auth/agency';
import { CurrentCaller, RequireScope } from '../auth/auth.decorators';
import { AuditLog } from '../audit/audit-log';
import { ProblemException } from '../common/problem';
import { InboundMessageRepository } from './inbound-message.repository';
import { anyObject, listOf, nullableText, objectOf } from '../common/openapi/named-schemas';

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
  @ApiQuery({ name: 'before', required: false, description: 'receivedAt of the last item of the previous page' })
  @ApiResponse({
    status: 200,
    description: 'OK',
    schema: objectOf(
      'Rejected inbound messages, newest first',
      {
        items: listOf(anyObject('A message, its reason (a Problem) and when it came')),
        nextBefore: nullableText('receivedAt of the last item: pass as before for the next page'),
      },
      ['items'],
    ),
  })
  async list(
    @CurrentCaller() caller: Caller,
    @Query('agency') agency?: string,
    @Query('limit') limit?: string,
    @Query('before') before?: string,
  ) {
    const n = limit === undefined ? 100 : Number(limit);
    if (!Number.isInteger(n) || n < 1 || n > 500)
      throw new ProblemException('QUERY_PARAMETER_INVALID', 'limit must be an integer 1-500');
    // An ISO 8601 timestamp only: Date.parse takes '1' (2001) or year 99999, which Postgres refuses (500).
    const beforeTime = before === undefined ? undefined : isoTimestamp(before);
    if (beforeTime === null)
      throw new ProblemException('QUERY_PARAMETER_INVALID', 'before must be an ISO 8601 timestamp', [
        { path: 'before', message: 'must be the receivedAt of an item' },
      ]);
    const items = await this.messages.listQuarantine({ agency, limit: n, before: beforeTime });
    await this.audit.record({
      action: 'CONSULTATION',
      operation: 'admin.quarantine.read',
      agencyId: caller.agency.id,
      actorSub: caller.sub,
      details: { count: items.length },
    });
    return { items, nextBefore: items.length === n ? items[items.length - 1].receivedAt : null };
  }
}

/** The timestamp in ISO form, or null when the text is not an ISO 8601 date-time between years 1 and 9999. */
function isoTimestamp(text: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/.test(text)) return null;
  const time = Date.parse(text);
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}
