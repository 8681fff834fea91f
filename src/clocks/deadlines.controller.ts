import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags, ApiResponse } from '@nestjs/swagger';
import type { Caller } from '../auth/agency';
import { CurrentCaller, RequireScope } from '../auth/auth.decorators';
import { AuditLog } from '../audit/audit-log';
import { todayInLondon } from '../canonical/civil-date';
import { ProblemException, type FieldError } from '../common/problem';
import { DEADLINE_KINDS, type DeadlineKind, type DeadlineRules } from '../rules/deadline-rules';
import { DEADLINE_RULES } from '../rules/rules.module';
import { DeadlineRepository } from './deadline.repository';
import { anyObject, listOf, objectOf, text } from '../common/openapi/named-schemas';

@ApiTags('operators')
@ApiBearerAuth()
@Controller('v1/admin/deadlines')
export class DeadlinesController {
  constructor(
    private readonly deadlines: DeadlineRepository,
    private readonly audit: AuditLog,
    @Inject(DEADLINE_RULES) private readonly rules: DeadlineRules,
  ) {}

  @Get()
  @RequireScope('admin')
  @ApiOperation({ summary: 'Deadlines due (inside their lead time) or overdue today, for operators and MI' })
  @ApiQuery({ name: 'status', required: true, enum: ['due', 'overdue'] })
  @ApiQuery({ name: 'area', required: false })
  @ApiQuery({ name: 'kind', required: false, enum: DEADLINE_KINDS })
  @ApiQuery({ name: 'limit', required: false, description: '1-1000, default 200' })
  @ApiResponse({
    status: 200,
    description: 'OK',
    schema: objectOf(
      'Deadlines due or overdue',
      { today: text(undefined, { format: 'date' }), status: text(), items: listOf(anyObject('A deadline')) },
      ['items'],
    ),
  })
  async list(
    @CurrentCaller() caller: Caller,
    @Query('status') status?: string,
    @Query('area') area?: string,
    @Query('kind') kind?: string,
    @Query('limit') limit?: string,
  ) {
    const errors: FieldError[] = [];
    if (status !== 'due' && status !== 'overdue') errors.push({ path: 'status', message: 'must be due or overdue' });
    if (kind !== undefined && !(DEADLINE_KINDS as readonly string[]).includes(kind))
      errors.push({ path: 'kind', message: `must be one of ${DEADLINE_KINDS.join(', ')}` });
    const n = limit === undefined ? 200 : Number(limit);
    if (!Number.isInteger(n) || n < 1 || n > 1000) errors.push({ path: 'limit', message: 'must be an integer 1-1000' });
    if (errors.length)
      throw new ProblemException('QUERY_PARAMETER_INVALID', `${errors.length} query parameter(s) are invalid`, errors);

    const today = todayInLondon();
    const overdueKinds = DEADLINE_KINDS.filter((k: DeadlineKind) => this.rules[k].onPassing === 'OVERDUE');
    const items = await this.deadlines.list({
      status: status as 'due' | 'overdue',
      today,
      overdueKinds,
      area,
      kind,
      limit: n,
    });
    await this.audit.record({
      action: 'CONSULTATION',
      operation: 'admin.deadlines.read',
      agencyId: caller.agency.id,
      actorSub: caller.sub,
      details: { status, area: area ?? null, count: items.length },
    });
    return { today, status, items };
  }
}
