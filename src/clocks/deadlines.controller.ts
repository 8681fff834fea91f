import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Caller } from '../auth/agency';
import { CurrentCaller, RequireScope } from '../auth/auth.decorators';
import { AuditLog } from '../audit/audit-log';
import { todayInLondon } from '../canonical/civil-date';
import { ListQuery, pageOf } from '../common/paging';
import { DEADLINE_KINDS, type DeadlineKind, type DeadlineRules } from '../rules/deadline-rules';
import { DEADLINE_RULES } from '../rules/rules.module';
import { DeadlineRepository } from './deadline.repository';
import { anyObject, listOf, nullableText, objectOf, text } from '../common/openapi/named-schemas';

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
  @ApiQuery({ name: 'cursor', required: false, description: 'nextCursor of the previous page' })
  @ApiResponse({
    status: 200,
    description: 'OK',
    schema: objectOf(
      'Deadlines due or overdue, a page at a time',
      {
        today: text(undefined, { format: 'date' }),
        status: text(),
        items: listOf(anyObject('A deadline')),
        nextCursor: nullableText('Pass as cursor for the next page; null on the last'),
      },
      ['items', 'nextCursor'],
    ),
  })
  async list(@CurrentCaller() caller: Caller, @Query() query: Record<string, unknown>) {
    const q = new ListQuery(query, ['status', 'area', 'kind']);
    const status = q.text('status');
    if (status !== 'due' && status !== 'overdue') q.fail('status', 'must be due or overdue');
    const kind = q.text('kind');
    if (kind !== undefined && !(DEADLINE_KINDS as readonly string[]).includes(kind))
      q.fail('kind', `must be one of ${DEADLINE_KINDS.join(', ')}`);
    const area = q.text('area');
    if (area !== undefined && !/^[A-Za-z0-9_-]{1,20}$/.test(area)) q.fail('area', 'must be an area code such as WYP');
    const limit = q.limit(200, 1000);
    const after = q.cursor();
    q.done();

    const today = todayInLondon();
    const overdueKinds = DEADLINE_KINDS.filter((k: DeadlineKind) => this.rules[k].onPassing === 'OVERDUE');
    const rows = await this.deadlines.list({
      status: status as 'due' | 'overdue',
      today,
      overdueKinds,
      area,
      kind,
      limit: limit + 1,
      // A deadline is due on a day: the cursor's time is that day at midnight.
      after: after ? { dueOn: after.at.slice(0, 10), id: after.id } : null,
    });
    const page = pageOf(
      rows,
      limit,
      (d) => ({ at: `${d.dueOn}T00:00:00.000000Z`, id: d.id }),
      (d) => d,
    );
    await this.audit.record({
      action: 'CONSULTATION',
      operation: 'admin.deadlines.read',
      agencyId: caller.agency.id,
      actorSub: caller.sub,
      details: { status, area: area ?? null, count: page.items.length },
    });
    return { today, status, ...page };
  }
}
