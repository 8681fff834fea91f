import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Caller } from '../auth/agency';
import { CurrentCaller, RequireScope } from '../auth/auth.decorators';
import { ProblemException } from '../common/problem';
import { ActionCompletion } from './action-completion';
import { ActionCompletionDto } from './action-completion.dto';
import { SubjectActionsReader, type ActionsStatus } from './subject-actions-reader';
import { anyObject, listOf, objectOf, text } from '../common/openapi/named-schemas';

const STATUSES: ActionsStatus[] = ['open', 'overdue', 'all'];

/** A subject's MAPPA actions (read like the subject), and an owner closing its own action. */
@ApiTags('mappa')
@ApiBearerAuth()
@Controller()
export class MappaActionsController {
  constructor(
    private readonly reader: SubjectActionsReader,
    private readonly completion: ActionCompletion,
  ) {}

  @Get('v1/subjects/:subjectId/actions')
  @RequireScope('subjects:read')
  @ApiOperation({
    summary:
      "The subject's MAPPA actions (field path mappa.actions), read under the same rules as the subject; open ones stay until closed",
  })
  @ApiHeader({ name: 'X-Justification', required: true, description: 'Why (5-500 characters); audited' })
  @ApiQuery({ name: 'status', required: false, enum: STATUSES, description: 'default open (OPEN or BLOCKED)' })
  @ApiResponse({ status: 404, description: 'No subject the caller may see has that id' })
  @ApiResponse({ status: 200, description: 'OK', schema: anyObject('The subject’s MAPPA actions the caller may see') })
  async actions(
    @Param('subjectId') subjectId: string,
    @Headers('x-justification') justification: string | undefined,
    @CurrentCaller() caller: Caller,
    @Query('status') status?: string,
  ) {
    const wanted = (status ?? 'open') as ActionsStatus;
    if (!STATUSES.includes(wanted))
      throw new ProblemException('QUERY_PARAMETER_INVALID', 'status must be open, overdue or all', [
        { path: 'status', message: 'must be open, overdue or all' },
      ]);
    const why = (justification ?? '').trim();
    if (why.length < 5 || why.length > 500)
      throw new ProblemException(
        'JUSTIFICATION_REQUIRED',
        'An X-Justification header of 5-500 characters is required to read a record',
      );
    return this.reader.read(caller, subjectId, wanted, why);
  }

  @Post('v1/mappa/actions/:actionId/completion')
  @HttpCode(200)
  @RequireScope('subscriptions:write', 'inbound:write')
  @ApiOperation({ summary: 'The owning agency closes its MAPPA action (DONE) or reports it BLOCKED' })
  @ApiResponse({
    status: 200,
    schema: objectOf(
      'The action as updated',
      {
        actionId: text(),
        meetingId: text(),
        subjectId: text(),
        status: text(),
        updatedOn: text(),
        note: text(),
        events: listOf(text()),
      },
      ['actionId', 'status'],
    ),
    description: '{ actionId, meetingId, subjectId, status, updatedOn, note?, events }',
  })
  @ApiResponse({ status: 404, description: 'Your agency owns no action with that id (another agency’s included)' })
  @ApiResponse({ status: 422, description: 'Invalid fields, each named in errors[]' })
  async complete(
    @Param('actionId') actionId: string,
    @Body() dto: ActionCompletionDto,
    @CurrentCaller() caller: Caller,
  ) {
    return this.completion.complete(caller, actionId, dto);
  }
}
