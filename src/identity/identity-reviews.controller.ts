import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { DataSource } from 'typeorm';
import type { Caller } from '../auth/agency';
import { CurrentCaller, RequireScope } from '../auth/auth.decorators';
import { AuditLog } from '../audit/audit-log';
import { ProblemException } from '../common/problem';
import { IdentityReviewDecider } from './identity-review-decider';
import { IdentityReviewDecisionDto } from './identity-review-decision.dto';

/**
 * Where deterministic identity would not decide (conflicting identifiers, a shared name and
 * date of birth), the hub made a new subject rather than guess; these are the cases for a
 * person to review, and decide: LINK (merge into the candidate) or KEEP_APART (remembered).
 */
@ApiTags('operators')
@ApiBearerAuth()
@Controller('v1/admin/identity/reviews')
export class IdentityReviewsController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
    private readonly decider: IdentityReviewDecider,
  ) {}

  @Post(':reviewId/decision')
  @HttpCode(200)
  @RequireScope('admin')
  @ApiOperation({
    summary: 'Decide an open review: LINK merges its subject into the chosen candidate (raising subject.merged); KEEP_APART remembers the pair as different people, so it is never asked again',
  })
  @ApiResponse({ status: 200, description: '{ reviewId, decision, subjectId, candidateSubjectIds, decidedAt, merge? } (merge: as POST /v1/admin/subjects/{id}/merge answers)' })
  @ApiResponse({ status: 404, description: 'No review has that id' })
  @ApiResponse({ status: 409, description: 'Already decided; or the merge is refused (a subject already merged, or the pair decided KEEP_APART)' })
  @ApiResponse({ status: 422, description: 'Invalid body, or candidateSubjectId is not one of the review\'s candidates' })
  async decide(@Param('reviewId') reviewId: string, @Body() dto: IdentityReviewDecisionDto, @CurrentCaller() caller: Caller) {
    return this.decider.decide(caller, reviewId, dto);
  }

  @Get()
  @RequireScope('admin')
  @ApiOperation({ summary: 'Open identity reviews: a new subject made instead of linking, with the candidates and why' })
  @ApiQuery({ name: 'limit', required: false, description: '1-500, default 100' })
  async list(@CurrentCaller() caller: Caller, @Query('limit') limit?: string) {
    const n = limit === undefined ? 100 : Number(limit);
    if (!Number.isInteger(n) || n < 1 || n > 500) throw new ProblemException(400, 'Bad Request', 'limit must be an integer 1-500', [{ path: 'limit', message: 'must be an integer 1-500' }]);
    const rows = await this.dataSource.query(`SELECT id, subject_id, candidate_subject_ids, reason, created_at FROM identity_reviews WHERE status = 'open' ORDER BY created_at LIMIT $1`, [n]);
    await this.audit.record({ action: 'CONSULTATION', operation: 'admin.identity.reviews.read', agencyId: caller.agency.id, actorSub: caller.sub, details: { count: rows.length } });
    return {
      items: rows.map((r: Record<string, any>) => ({ reviewId: r.id, subjectId: r.subject_id, candidateSubjectIds: r.candidate_subject_ids, reason: r.reason, createdAt: new Date(r.created_at).toISOString() })),
    };
  }
}
