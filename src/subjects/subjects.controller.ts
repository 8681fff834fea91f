import { Controller, Get, Headers, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Caller } from '../auth/agency';
import { CurrentCaller, RequireScope } from '../auth/auth.decorators';
import { ProblemException } from '../common/problem';
import { SubjectReader } from './subject-reader';
import { SUBJECT_LOOKUP, SUBJECT_RECORD, SUBJECT_TIMELINE } from './subject-answers.schema';
import { ApiProblems } from '../common/openapi/problem-schema';

/** X-Justification: every consultation of a record must say why (DPA 2018 s.62(2)). */
function requireJustification(value: string | undefined): string {
  const text = (value ?? '').trim();
  if (text.length < 5 || text.length > 500) {
    throw new ProblemException(
      'JUSTIFICATION_REQUIRED',
      'An X-Justification header of 5-500 characters is required to read a record',
    );
  }
  return text;
}

@ApiTags('subjects')
@ApiBearerAuth()
@ApiHeader({
  name: 'X-Justification',
  required: true,
  description: 'Why the record is being read (5-500 characters); audited',
})
@Controller('v1/subjects')
export class SubjectsController {
  constructor(private readonly reader: SubjectReader) {}

  @Get()
  @RequireScope('subjects:read')
  @ApiOperation({ summary: 'Look a subject up by identifier, e.g. identifier=PNC:2004/0123456B' })
  @ApiQuery({ name: 'identifier', required: true })
  @ApiResponse({ status: 200, description: 'OK', schema: SUBJECT_LOOKUP })
  @ApiProblems(
    [400, 'No X-Justification, or an identifier that is not SCHEME:value'],
    [404, 'No subject the caller may see has it'],
  )
  async lookup(
    @Query('identifier') identifier: string | undefined,
    @Headers('x-justification') justification: string | undefined,
    @CurrentCaller() caller: Caller,
  ) {
    const why = requireJustification(justification);
    return { subjects: [await this.reader.readByIdentifier(caller, identifier ?? '', why)] };
  }

  @Get(':subjectId')
  @RequireScope('subjects:read')
  @ApiOperation({
    summary: "The canonical record, projected to what the caller's agreements allow",
    description:
      'Includes `responsibility: { current: [facts], history: [facts] }` (field path `responsibility`), each fact `{ kind, agency?, unit?, area, from, to?, provenance }` (responsibility.md). Only agreements whose conditions hold for the current areas answer.',
  })
  @ApiResponse({
    status: 301,
    description:
      'The subject was merged into another: Location names it, and the problem body carries mergedInto (404 instead if the caller may not see the survivor)',
  })
  @ApiResponse({ status: 200, description: 'OK', schema: SUBJECT_RECORD })
  @ApiProblems([400, 'No X-Justification of 5-500 characters'], [404, 'No subject the caller may see has that id'])
  async read(
    @Param('subjectId') subjectId: string,
    @Headers('x-justification') justification: string | undefined,
    @CurrentCaller() caller: Caller,
  ) {
    return this.reader.read(caller, subjectId, requireJustification(justification));
  }

  @Get(':subjectId/timeline')
  @RequireScope('subjects:read')
  @ApiOperation({ summary: 'Every change to the record, newest first, with its source agency and message' })
  @ApiResponse({ status: 301, description: 'The subject was merged into another: Location names its timeline' })
  @ApiResponse({ status: 200, description: 'OK', schema: SUBJECT_TIMELINE })
  @ApiProblems([400, 'No X-Justification of 5-500 characters'], [404, 'No subject the caller may see has that id'])
  async timeline(
    @Param('subjectId') subjectId: string,
    @Headers('x-justification') justification: string | undefined,
    @CurrentCaller() caller: Caller,
  ) {
    return this.reader.timeline(caller, subjectId, requireJustification(justification));
  }
}
