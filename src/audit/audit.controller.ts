import { Body, Controller, Get, Headers, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Caller } from '../auth/agency';
import { CurrentCaller, RequireScope } from '../auth/auth.decorators';
import { CheckpointVerifyDto } from './audit-checkpoint.dto';
import { AuditCheckpoints } from './audit-checkpoints';
import { AUDIT_ACTIONS } from './audit-entry';
import { AuditLog } from './audit-log';
import { AuditQuery } from './audit-query';
import { parseAuditFilters } from './audit-query-params';
import { AuditVerifier } from './audit-verifier';
import { AUDIT_CHECKPOINT, AUDIT_PAGE, AUDIT_VERIFICATION, CHECKPOINT_VERIFICATION } from './audit-answers.schema';

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
    private readonly checkpoints: AuditCheckpoints,
  ) {}

  @Get()
  @RequireScope('audit:read')
  @ApiOperation({
    summary: 'The audit log, newest first: filter by subject, agency (acting or receiving), action and time',
  })
  @ApiQuery({ name: 'subjectId', required: false })
  @ApiQuery({ name: 'agency', required: false, description: 'Rows where this agency acted or was a recipient' })
  @ApiQuery({ name: 'action', required: false, enum: AUDIT_ACTIONS })
  @ApiQuery({ name: 'from', required: false, description: 'RFC 3339, inclusive' })
  @ApiQuery({ name: 'to', required: false, description: 'RFC 3339, exclusive' })
  @ApiQuery({ name: 'limit', required: false, description: '1-500, default 100' })
  @ApiQuery({ name: 'cursor', required: false, description: 'nextCursor of the previous page' })
  @ApiHeader({ name: 'X-Justification', required: false, description: 'Why the log is being read; recorded' })
  @ApiResponse({ status: 200, schema: AUDIT_PAGE, description: '{ items: [...], nextCursor: string | null }' })
  @ApiResponse({ status: 400, description: 'A bad parameter, each named in errors[]' })
  async list(
    @CurrentCaller() caller: Caller,
    @Query() raw: Record<string, unknown>,
    @Headers('x-justification') why?: string,
  ) {
    const filters = parseAuditFilters(raw);
    const page = await this.query.find(caller, filters);
    await this.audit.record({
      action: 'CONSULTATION',
      operation: 'audit.read',
      agencyId: caller.agency.id,
      actorSub: caller.sub,
      subjectId: filters.subjectId ?? null,
      justification: justificationOf(why),
      details: {
        filters: { agency: filters.agency, action: filters.action, from: filters.from, to: filters.to },
        count: page.items.length,
      },
    });
    return page;
  }

  @Get('verify')
  @RequireScope('audit:read')
  @ApiOperation({ summary: 'Walk every hash chain of the log and report the first broken link' })
  @ApiResponse({
    status: 200,
    schema: AUDIT_VERIFICATION,
    description: '{ ok, checked, chains, erased, firstBrokenAt?: { chain, seq, auditId, reason }, tookMs }',
  })
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

  @Get('checkpoint')
  @RequireScope('audit:read')
  @ApiOperation({
    summary:
      'The chain heads now, signed by the hub: keep it outside the hub to detect a later rewrite or truncation of the log',
  })
  @ApiResponse({
    status: 200,
    schema: AUDIT_CHECKPOINT,
    description: '{ checkpoint: compact JWS (EdDSA, /.well-known/jwks.json), issuedAt, heads: [{ chain, seq, hash }] }',
  })
  async checkpoint(@CurrentCaller() caller: Caller) {
    const issued = await this.checkpoints.issue();
    await this.audit.record({
      action: 'CONSULTATION',
      operation: 'audit.checkpoint.issued',
      agencyId: caller.agency.id,
      actorSub: caller.sub,
      details: { issuedAt: issued.issuedAt, chains: issued.heads.length },
    });
    return issued;
  }

  @Post('checkpoint/verify')
  @HttpCode(200)
  @RequireScope('audit:read')
  @ApiOperation({
    summary:
      'Check the log against a checkpoint kept outside the hub: every anchored row still there with its hash, and every chain intact',
  })
  @ApiResponse({
    status: 200,
    schema: CHECKPOINT_VERIFICATION,
    description:
      '{ ok, issuedAt, headsMatched, headsAnchored, firstAnchorBroken?: { chain, seq, reason }, chains: <verify report> }',
  })
  @ApiResponse({ status: 422, description: 'Not a checkpoint signed by this hub' })
  async verifyCheckpoint(@CurrentCaller() caller: Caller, @Body() dto: CheckpointVerifyDto) {
    const report = await this.checkpoints.check(dto.checkpoint);
    await this.audit.record({
      action: 'CONSULTATION',
      operation: 'audit.checkpoint.verified',
      agencyId: caller.agency.id,
      actorSub: caller.sub,
      details: {
        ok: report.ok,
        issuedAt: report.issuedAt,
        headsMatched: report.headsMatched,
        headsAnchored: report.headsAnchored,
      },
    });
    return report;
  }
}
