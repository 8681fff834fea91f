import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { DataSource } from 'typeorm';
import type { Caller } from '../auth/agency';
import { CurrentCaller, RequireScope } from '../auth/auth.decorators';
import { AuditLog } from '../audit/audit-log';
import { cursorTimeSql, ListQuery, pageOf } from '../common/paging';
import { IdentityReviewDecider } from './identity-review-decider';
import { IdentityReviewDecisionDto } from './identity-review-decision.dto';
import { anyObject, listOf, objectOf, text } from '../common/openapi/named-schemas';

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
    summary:
      'Decide an open review: LINK merges its subject into the chosen candidate (raising subject.merged); KEEP_APART remembers the pair as different people, so it is never asked again',
  })
  @ApiResponse({
    status: 200,
    schema: anyObject('The decision and what it did'),
    description:
      '{ reviewId, decision, subjectId, candidateSubjectIds, decidedAt, merge? } (merge: as POST /v1/admin/subjects/{id}/merge answers)',
  })
  @ApiResponse({ status: 404, description: 'No review has that id' })
  @ApiResponse({
    status: 409,
    description: 'Already decided; or the merge is refused (a subject already merged, or the pair decided KEEP_APART)',
  })
  @ApiResponse({
    status: 422,
    description: "Invalid body, or candidateSubjectId is not one of the review's candidates",
  })
  async decide(
    @Param('reviewId') reviewId: string,
    @Body() dto: IdentityReviewDecisionDto,
    @CurrentCaller() caller: Caller,
  ) {
    return this.decider.decide(caller, reviewId, dto);
  }

  @Get()
  @RequireScope('admin')
  @ApiOperation({
    summary:
      "Open identity reviews, oldest first, a page at a time: a new subject made instead of linking (kind NEW_SUBJECT), or a link to the best of several subjects that look like one person split (kind SPLIT), with the candidates, the score and the evidence side by side (the message's value and the candidate's, per comparison)",
  })
  @ApiQuery({ name: 'limit', required: false, description: '1-500, default 100' })
  @ApiQuery({ name: 'cursor', required: false, description: 'nextCursor of the previous page' })
  @ApiResponse({
    status: 200,
    schema: objectOf(
      'Open identity reviews, oldest first',
      { items: listOf(anyObject('A review and its evidence')), nextCursor: text() },
      ['items'],
    ),
    description:
      '{ items: [{ reviewId, kind, subjectId, candidateSubjectIds, reason, score, evidence: [{ subjectId, probability, comparisons: [{ comparison, level, weight, message, candidate }] }], createdAt }], nextCursor: string | null }',
  })
  @ApiResponse({ status: 400, description: 'limit or cursor invalid (problem+json naming the field)' })
  async list(@CurrentCaller() caller: Caller, @Query() query: Record<string, unknown>) {
    const q = new ListQuery(query, []);
    const limit = q.limit();
    const after = q.cursor();
    q.done();
    // Keyset paging on (created_at, id): stable while reviews are added and decided.
    const rows: Record<string, any>[] = await this.dataSource.query(
      `SELECT id, kind, subject_id, candidate_subject_ids, reason, score, evidence, created_at, ${cursorTimeSql('created_at')} AS created_key
         FROM identity_reviews
        WHERE status = 'open' AND ($2::timestamptz IS NULL OR (created_at, id) > ($2::timestamptz, $3::uuid))
        ORDER BY created_at, id LIMIT $1`,
      [limit + 1, after?.at ?? null, after?.id ?? null],
    );
    const page = pageOf(rows, limit, (r) => ({ at: r.created_key, id: r.id }), toReviewItem);
    await this.audit.record({
      action: 'CONSULTATION',
      operation: 'admin.identity.reviews.read',
      agencyId: caller.agency.id,
      actorSub: caller.sub,
      details: { count: page.items.length },
    });
    return page;
  }
}

function toReviewItem(r: Record<string, any>) {
  return {
    reviewId: r.id,
    kind: r.kind,
    subjectId: r.subject_id,
    candidateSubjectIds: r.candidate_subject_ids,
    reason: r.reason,
    score: r.score === null ? null : Number(r.score),
    evidence: sideBySide(r.evidence),
    createdAt: new Date(r.created_at).toISOString(),
  };
}

interface StoredEvidence {
  subjectId: string;
  probability: number;
  comparisons: { comparison: string; level: string; weight: number; detail: string }[];
}

/** Each comparison's two values apart ("message / candidate" as stored), so a reviewer reads them side by side. */
function sideBySide(evidence: StoredEvidence[] | null) {
  return (evidence ?? []).map((e) => ({
    subjectId: e.subjectId,
    probability: e.probability,
    comparisons: e.comparisons.map(({ comparison, level, weight, detail }) => {
      const [message, candidate] = detail.split(' / ');
      return { comparison, level, weight, message, candidate: candidate ?? null };
    }),
  }));
}
