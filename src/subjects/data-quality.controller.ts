import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Caller } from '../auth/agency';
import { CurrentCaller, RequireScope } from '../auth/auth.decorators';
import { AuditLog } from '../audit/audit-log';
import { ListQuery } from '../common/paging';
import { DataQualityRepository } from './data-quality.repository';
import { DATA_QUALITY } from './subject-answers.schema';

@ApiTags('operators')
@ApiBearerAuth()
@Controller('v1/admin/data-quality')
export class DataQualityController {
  constructor(
    private readonly flags: DataQualityRepository,
    private readonly audit: AuditLog,
  ) {}

  @Get()
  @RequireScope('admin')
  @ApiOperation({
    summary:
      'Open data-quality flags, newest first (e.g. a Schedule 3 offence convicted without a notification certificate)',
  })
  @ApiQuery({ name: 'limit', required: false, description: '1-500, default 100' })
  @ApiQuery({ name: 'cursor', required: false, description: 'nextCursor of the previous page' })
  @ApiResponse({ status: 200, description: 'OK', schema: DATA_QUALITY })
  async list(@CurrentCaller() caller: Caller, @Query() query: Record<string, unknown>) {
    const q = new ListQuery(query, []);
    const limit = q.limit();
    const after = q.cursor();
    q.done();
    const page = await this.flags.open({ limit, after });
    await this.audit.record({
      action: 'CONSULTATION',
      operation: 'admin.data-quality.read',
      agencyId: caller.agency.id,
      actorSub: caller.sub,
      details: { count: page.items.length },
    });
    return page;
  }
}
