import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Caller } from '../auth/agency';
import { CurrentCaller, RequireScope } from '../auth/auth.decorators';
import { AuditLog } from '../audit/audit-log';

/** Operators: subjects nobody manages where they now are (responsibility.md, responsibility.gap). */
@ApiTags('operators')
@ApiBearerAuth()
@Controller('v1/admin/responsibility')
export class ResponsibilityGapsController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
  ) {}

  @Get('gaps')
  @RequireScope('admin')
  @ApiOperation({
    summary:
      'Open responsibility gaps: subjects under notification requirements living where no police force manages them',
  })
  async list(@CurrentCaller() caller: Caller) {
    const rows: { subject_id: string; gap: { kind: string; area: string; from: string } }[] =
      await this.dataSource.query(
        `SELECT s.id AS subject_id, g AS gap FROM subjects s, jsonb_array_elements(COALESCE(s.record->'responsibilityGaps', '[]'::jsonb)) g
        WHERE s.merged_into IS NULL AND s.erased_at IS NULL AND NOT (g ? 'to') ORDER BY g->>'from', s.id LIMIT 1000`,
      );
    // Only hub references and areas: no personal data leaves through this list.
    const gaps = rows.map((r) => ({ subjectId: r.subject_id, kind: r.gap.kind, area: r.gap.area, since: r.gap.from }));
    await this.audit.record({
      action: 'CONSULTATION',
      operation: 'admin.responsibility.gaps.read',
      agencyId: caller.agency.id,
      actorSub: caller.sub,
      details: { count: gaps.length },
    });
    return { gaps };
  }
}
