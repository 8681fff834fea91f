import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags, ApiResponse } from '@nestjs/swagger';
import type { Caller } from '../auth/agency';
import { CurrentCaller, RequireScope } from '../auth/auth.decorators';
import { AuditLog } from '../audit/audit-log';
import { ProblemException } from '../common/problem';
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
  @ApiResponse({ status: 200, description: 'OK', schema: DATA_QUALITY })
  async list(@CurrentCaller() caller: Caller, @Query('limit') limit?: string) {
    const n = limit === undefined ? 100 : Number(limit);
    if (!Number.isInteger(n) || n < 1 || n > 500)
      throw new ProblemException('QUERY_PARAMETER_INVALID', 'limit must be an integer 1-500', [
        { path: 'limit', message: 'must be an integer 1-500' },
      ]);
    const items = await this.flags.open(n);
    await this.audit.record({
      action: 'CONSULTATION',
      operation: 'admin.data-quality.read',
      agencyId: caller.agency.id,
      actorSub: caller.sub,
      details: { count: items.length },
    });
    return { items };
  }
}
