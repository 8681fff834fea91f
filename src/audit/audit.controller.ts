import { Controller, Get, Headers, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Caller } from '../auth/agency';
import { CurrentCaller, RequireScope } from '../auth/auth.decorators';
import { AUDIT_ACTIONS } from './audit-entry';
import { AuditLog } from './audit-log';
import { AuditQuery } from './audit-query';
import { parseAuditFilters } from './audit-query-params';
import { AuditVerifier } from './audit-verifier';

/** Optional on reads of the log; recorded when given (DPA 2018 s.62(4) limits what logs may be used for). */
function justificationOf(value: string | undefined): string | null {
  const text = (value ?? '').trim();
  return text ? text.slice(0, 500) : null;
}

/** The statutory log for inspectors and DPOs. Reading it is itself a consultation, and logged. */
@ApiTags('audit')
@ApiBearerAuth()
@Controller('v1/audit')
export class AuditController {
  constructor(
    private readonly query: AuditQuery,
    private readonly verifier: AuditVerifier,
    private readonly audit: AuditLog,
  ) {}

  @Get()
  @RequireScope('audit:read')
  @ApiOperation({ summary: 'The audit log, newest first: filter by subject, agency (acting or receiving), action and time' })
  @ApiQuery({ name: 'subjectId', required: false })
  @ApiQuery({ name: 'agency', required: false, description: 'Rows where this agency acted or was a recipient' })
  @ApiQuery({ name: 'action', required: false, enum: AUDIT_ACTIONS })
  @ApiQuery({ name: 'from', required: false, description: 'RFC 3339, inclusive' })
  @ApiQuery({ name: 'to', required: false, description: 'RFC 3339, exclusive' })
  @ApiQuery({ name: 'limit', required: false, description: '1-500, default 100' })
  @ApiQuery({ name: 'cursor', required: false, description: 'nextCursor of the previous page' })
  @ApiHeader({ name: 'X-Justification', required: false, description: 'Why the log is being read; recorded' })
  @ApiResponse({ status: 200, description: '{ items: [...], nextCursor: string | null }' })
  @ApiResponse({ status: 400, description: 'A bad parameter, each named in errors[]' })
  async list(@CurrentCaller() caller: Caller, @Query() raw: Record<string, unknown>, @Headers('x-justification') why?: string) {
    const filters = parseAuditFilters(raw);
    const page = await this.query.find(caller, filters);
    await this.audit.record({
      action: 'CONSULTATION',
      operation: 'audit.read',
      agencyId: caller.agency.id,
      actorSub: caller.sub,
      subjectId: filters.subjectId ?? null,
      justification: justificationOf(why),
      details: { filters: { agency: filters.agency, action: filters.action, from: filters.from, to: filters.to }, count: page.items.length },
    });
    return page;
  }

  @Get('verify')
  @RequireScope('audit:read')
  @ApiOperation({ summary: 'Walk every hash chain of the log and report the first broken link' })
  @ApiResponse({ status: 200, description: '{ ok, checked, chains, erased, firstBrokenAt?: { chain, seq, auditId, reason }, tookMs }' })
  async verify(@CurrentCaller() caller: Caller) {
    const report = await this.verifier.verify();
    await this.audit.record({
      action: 'CONSULTATION',
      operation: 'audit.verify',
      agencyId: caller.agency.id,
      actorSub: caller.sub,
      details: { ok: report.ok, checked: report.checked, tookMs: report.tookMs },
    });
    return report;
  }
}
