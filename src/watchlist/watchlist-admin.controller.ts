import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags, ApiResponse } from '@nestjs/swagger';
import type { Caller } from '../auth/agency';
import { CurrentCaller, RequireScope } from '../auth/auth.decorators';
import { AuditLog } from '../audit/audit-log';
import { ProblemException } from '../common/problem';
import { HMPO_WATCHLIST, type HmpoWatchlist } from './hmpo-watchlist.port';
import { WatchlistEntries } from './watchlist-entries';
import { anyObject, listOf, objectOf } from '../common/openapi/named-schemas';

@ApiTags('operators')
@ApiBearerAuth()
@Controller('v1/admin/watchlist')
export class WatchlistAdminController {
  constructor(
    private readonly entries: WatchlistEntries,
    private readonly audit: AuditLog,
    @Inject(HMPO_WATCHLIST) private readonly hmpo: HmpoWatchlist,
  ) {}

  @Get()
  @RequireScope('admin')
  @ApiOperation({
    summary:
      'HMPO watchlist entries; status=outstanding (default) lists lodgements and withdrawals not yet accepted, with why',
  })
  @ApiQuery({ name: 'status', required: false, enum: ['outstanding', 'all'] })
  @ApiResponse({
    status: 200,
    description: 'OK',
    schema: objectOf(
      'Watchlist entries',
      { hmpoConfigured: { type: 'boolean' }, items: listOf(anyObject('An entry and its lodgement state')) },
      ['items'],
    ),
  })
  async list(@CurrentCaller() caller: Caller, @Query('status') status = 'outstanding') {
    if (status !== 'outstanding' && status !== 'all')
      throw new ProblemException('QUERY_PARAMETER_INVALID', 'status must be outstanding or all', [
        { path: 'status', message: 'must be outstanding or all' },
      ]);
    const items = await this.entries.list(status, 500);
    await this.audit.record({
      action: 'CONSULTATION',
      operation: 'admin.watchlist.read',
      agencyId: caller.agency.id,
      actorSub: caller.sub,
      details: { status, count: items.length },
    });
    return { hmpoConfigured: this.hmpo.configured, items };
  }
}
