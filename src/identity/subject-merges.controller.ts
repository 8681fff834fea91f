import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { DataSource } from 'typeorm';
import type { Caller } from '../auth/agency';
import { CurrentCaller, RequireScope } from '../auth/auth.decorators';
import { SubjectMergeDto, SubjectUnmergeDto } from './subject-merge.dto';
import { SubjectMerger } from './subject-merger';
import { SubjectUnmerger } from './subject-unmerger';
import { anyObject, objectOf, text } from '../common/openapi/named-schemas';

/** Operators merge two records found to be one person, and undo a merge made in error. */
@ApiTags('operators')
@ApiBearerAuth()
@Controller('v1/admin/subjects')
export class SubjectMergesController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly merger: SubjectMerger,
    private readonly unmerger: SubjectUnmerger,
  ) {}

  @Post(':survivorId/merge')
  @RequireScope('admin')
  @ApiOperation({
    summary:
      'Merge mergeSubjectId into the subject in the path: its facts (with their provenance), identifiers, name keys, orders and watch entries move to the survivor, rules are re-derived, subject.merged is raised. ' +
      'Reads of the merged id then answer 301 with Location: /v1/subjects/{survivorId} (404 to a caller who may not see the survivor).',
  })
  @ApiResponse({
    status: 201,
    schema: objectOf(
      'The merge',
      { mergeId: text(), survivorSubjectId: text(), mergedSubjectId: text(), mergedAt: text(), eventId: text() },
      ['mergeId'],
    ),
    description: '{ mergeId, survivorSubjectId, mergedSubjectId, mergedAt, eventId }',
  })
  @ApiResponse({
    status: 404,
    description: 'Either subject is unknown or erased (errors name mergeSubjectId when it is that one)',
  })
  @ApiResponse({
    status: 409,
    description:
      'Either subject is already merged; the pair was decided KEEP_APART; or a record predates the command log and could not be unmerged exactly',
  })
  @ApiResponse({ status: 422, description: 'Invalid body, or a subject merged into itself' })
  async merge(@Param('survivorId') survivorId: string, @Body() dto: SubjectMergeDto, @CurrentCaller() caller: Caller) {
    const { watchlist, ...result } = await this.dataSource.transaction((m) =>
      this.merger.merge(m, caller, survivorId, dto.mergeSubjectId, dto.reason),
    );
    await this.merger.afterCommit({ watchlist });
    return result;
  }

  @Post(':survivorId/unmerge')
  @HttpCode(200)
  @RequireScope('admin')
  @ApiOperation({
    summary:
      'Undo a merge into the subject in the path. Each side is rebuilt from the commands it was made of (commands that arrived while merged go to the side their identifiers, orders or name name), ' +
      'identifiers, name keys, orders and watch entries go back to their owners, rules are re-derived, subject.unmerged is raised for both, the pair is remembered as KEEP_APART, ' +
      'and every agency that received events about the merged record gets one record.corrected listing them.',
  })
  @ApiResponse({
    status: 200,
    schema: anyObject('The unmerge and the records it restored'),
    description:
      '{ mergeId, survivorSubjectId, restoredSubjectId, unmergedAt, events, corrections: [{ agency, eventId, events }] }',
  })
  @ApiResponse({
    status: 404,
    description:
      'The subject, or the merge named by mergeId / mergedSubjectId into it, is unknown (a subject never merged into)',
  })
  @ApiResponse({
    status: 409,
    description: 'The merge was already undone, or a later merge involving the survivor must be undone first',
  })
  @ApiResponse({ status: 422, description: 'Invalid body: reason, and mergeId or mergedSubjectId, are required' })
  async unmerge(
    @Param('survivorId') survivorId: string,
    @Body() dto: SubjectUnmergeDto,
    @CurrentCaller() caller: Caller,
  ) {
    const { watchlist, ...result } = await this.dataSource.transaction((m) =>
      this.unmerger.unmerge(
        m,
        caller,
        survivorId,
        { mergeId: dto.mergeId, mergedSubjectId: dto.mergedSubjectId },
        dto.reason,
      ),
    );
    await this.unmerger.afterCommit({ watchlist });
    return result;
  }
}
