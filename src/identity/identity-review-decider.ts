import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Caller } from '../auth/agency';
import { AuditLog } from '../audit/audit-log';
import { ProblemException } from '../common/problem';
import { sqlRows } from '../database/sql-rows';
import { rememberDecision } from './identity-decisions';
import type { IdentityReviewDecisionDto } from './identity-review-decision.dto';
import { SubjectMerger, type MergeResult } from './subject-merger';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A person's answer to an identity review. LINK merges the review's subject into the chosen
 * candidate (a SPLIT review, where the hub linked to the best of several subjects of one
 * person: the candidate into the review's subject); MERGE_ALL, for a SPLIT review, merges
 * every candidate into its subject in one decision; KEEP_APART remembers the pair(s) as
 * different people, so the resolver never asks again. Either way the review leaves the open
 * list, in the same transaction as its effect.
 */
@Injectable()
export class IdentityReviewDecider {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly merger: SubjectMerger,
    private readonly audit: AuditLog,
  ) {}

  async decide(caller: Caller, reviewId: string, dto: IdentityReviewDecisionDto) {
    const merges: (MergeResult & { watchlist: string[] })[] = [];
    const result = await this.dataSource.transaction(async (m) => {
      const [review] = UUID.test(reviewId)
        ? await m.query(`SELECT * FROM identity_reviews WHERE id = $1 FOR UPDATE`, [reviewId])
        : [];
      if (!review) throw new ProblemException('IDENTITY_REVIEW_NOT_FOUND', 'No identity review has that id');
      if (review.status !== 'open')
        throw new ProblemException(
          'IDENTITY_REVIEW_ALREADY_DECIDED',
          `This review was already decided (${review.decision ?? 'decided'})`,
        );
      const candidates: string[] = review.candidate_subject_ids;
      const chosen = dto.candidateSubjectId?.toLowerCase();
      if (chosen !== undefined && !candidates.includes(chosen)) {
        throw new ProblemException(
          'IDENTITY_REVIEW_DECISION_INVALID',
          'candidateSubjectId is not a candidate of this review',
          [{ path: 'candidateSubjectId', message: "is not one of the review's candidateSubjectIds" }],
        );
      }
      const split = review.kind === 'SPLIT';
      if (dto.decision === 'MERGE_ALL' && !split) {
        throw new ProblemException('IDENTITY_REVIEW_DECISION_INVALID', 'MERGE_ALL decides a SPLIT review only', [
          { path: 'decision', message: 'MERGE_ALL is only for reviews of kind SPLIT' },
        ]);
      }
      const decided = chosen !== undefined && dto.decision !== 'MERGE_ALL' ? [chosen] : candidates;
      if (dto.decision === 'LINK' && !split) {
        merges.push(await this.merger.merge(m, caller, decided[0], review.subject_id, dto.reason, review.id));
      } else if (dto.decision !== 'KEEP_APART') {
        // One person split across several subjects: the others fold into the one the hub linked to.
        for (const candidate of decided)
          merges.push(await this.merger.merge(m, caller, review.subject_id, candidate, dto.reason, review.id));
      } else {
        for (const candidate of decided) {
          await rememberDecision(m, {
            subjects: [review.subject_id, candidate],
            decision: 'KEEP_APART',
            reason: dto.reason,
            reviewId: review.id,
            agencyId: caller.agency.id,
            sub: caller.sub,
          });
        }
      }
      const [row] = await sqlRows<{ decided_at: Date }>(
        m,
        `UPDATE identity_reviews SET status = 'decided', decision = $2, decided_at = now() WHERE id = $1 RETURNING decided_at`,
        [review.id, dto.decision === 'KEEP_APART' ? 'KEEP_APART' : 'LINK'],
      );
      await this.audit.record(
        [review.subject_id, ...decided].map((subjectId) => ({
          action: 'ALTERATION' as const,
          operation: 'identity.review.decided',
          agencyId: caller.agency.id,
          actorSub: caller.sub,
          subjectId,
          justification: dto.reason,
          correlationId: review.id,
          details: { decision: dto.decision, role: subjectId === review.subject_id ? 'review-subject' : 'candidate' },
        })),
        m,
      );
      return {
        reviewId: review.id,
        decision: dto.decision,
        subjectId: review.subject_id,
        candidateSubjectIds: decided,
        decidedAt: new Date(row.decided_at).toISOString(),
      };
    });
    if (!merges.length) return result;
    await this.merger.afterCommit({ watchlist: [...new Set(merges.flatMap((x) => x.watchlist))] });
    const views = merges.map(({ watchlist: _, ...view }) => view);
    return {
      ...result,
      merge: views[0],
      ...(views.length > 1 || result.decision === 'MERGE_ALL' ? { merges: views } : {}),
    };
  }
}
