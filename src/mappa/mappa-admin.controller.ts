import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags, ApiResponse } from '@nestjs/swagger';
import type { Caller } from '../auth/agency';
import { CurrentCaller, RequireScope } from '../auth/auth.decorators';
import { AuditLog } from '../audit/audit-log';
import { ProblemException } from '../common/problem';
import { MappaQueries } from './mappa-queries';
import { anyObject, listOf, objectOf, text } from '../common/openapi/named-schemas';

const AREA = /^[A-Z]{2,4}$/;

function areaOf(area: string | undefined): string | undefined {
  if (area === undefined || area === '') return undefined;
  if (!AREA.test(area))
    throw new ProblemException('QUERY_PARAMETER_INVALID', 'area must be a police force code such as WYP', [
      { path: 'area', message: 'must be a police force code such as WYP' },
    ]);
  return area;
}

function limitOf(limit: string | undefined): number {
  const n = limit === undefined ? 500 : Number(limit);
  if (!Number.isInteger(n) || n < 1 || n > 1000)
    throw new ProblemException('QUERY_PARAMETER_INVALID', 'limit must be an integer 1-1000', [
      { path: 'limit', message: 'must be an integer 1-1000' },
    ]);
  return n;
}

/** Operators' lists of MAPPA actions and unacknowledged minutes, per area (mappa.md). */
@ApiTags('operators')
@ApiBearerAuth()
@Controller('v1/admin/mappa')
export class MappaAdminController {
  constructor(
    private readonly queries: MappaQueries,
    private readonly audit: AuditLog,
  ) {}

  @Get('actions')
  @RequireScope('admin')
  @ApiOperation({
    summary: 'Open (OPEN or BLOCKED) or overdue MAPPA actions, soonest due first: ids, owner, chair, dates, no text',
  })
  @ApiQuery({ name: 'status', required: false, enum: ['open', 'overdue'], description: 'default open' })
  @ApiQuery({ name: 'area', required: false, description: 'police force code of the MAPPA area' })
  @ApiQuery({ name: 'limit', required: false, description: '1-1000, default 500' })
  @ApiResponse({
    status: 200,
    description: 'OK',
    schema: objectOf(
      'Open or overdue MAPPA actions',
      {
        status: text(),
        escalateAfterDays: { type: 'integer' },
        items: listOf(anyObject('An action: ids, owner, chair, dates, no text')),
      },
      ['items'],
    ),
  })
  async actions(
    @CurrentCaller() caller: Caller,
    @Query('status') status?: string,
    @Query('area') area?: string,
    @Query('limit') limit?: string,
  ) {
    const wanted = status ?? 'open';
    if (wanted !== 'open' && wanted !== 'overdue')
      throw new ProblemException('QUERY_PARAMETER_INVALID', 'status must be open or overdue', [
        { path: 'status', message: 'must be open or overdue' },
      ]);
    const items = await this.queries.actions({ status: wanted, area: areaOf(area), limit: limitOf(limit) });
    await this.audit.record({
      action: 'CONSULTATION',
      operation: 'admin.mappa.actions.read',
      agencyId: caller.agency.id,
      actorSub: caller.sub,
      details: { status: wanted, area: area ?? null, count: items.length },
    });
    return { status: wanted, escalateAfterDays: this.queries.escalateAfterDays, items };
  }

  @Get('minutes/unacknowledged')
  @RequireScope('admin')
  @ApiOperation({
    summary:
      'Minutes (mappa.meeting.held) not yet acknowledged by each agency that received them, oldest first; reads zero in a healthy area',
  })
  @ApiQuery({ name: 'area', required: false, description: 'police force code of the MAPPA area' })
  @ApiQuery({ name: 'limit', required: false, description: '1-1000, default 500' })
  @ApiResponse({
    status: 200,
    description: 'OK',
    schema: objectOf(
      'Minutes not acknowledged',
      { items: listOf(anyObject('A minute and who has not acknowledged it')) },
      ['items'],
    ),
  })
  async unacknowledged(@CurrentCaller() caller: Caller, @Query('area') area?: string, @Query('limit') limit?: string) {
    const items = await this.queries.unacknowledgedMinutes({ area: areaOf(area), limit: limitOf(limit) });
    await this.audit.record({
      action: 'CONSULTATION',
      operation: 'admin.mappa.minutes.unacknowledged.read',
      agencyId: caller.agency.id,
      actorSub: caller.sub,
      details: { area: area ?? null, count: items.length },
    });
    return { items };
  }
}
