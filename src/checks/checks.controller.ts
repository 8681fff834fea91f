import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Caller } from '../auth/agency';
import { CurrentCaller, RequireScope } from '../auth/auth.decorators';
import { CheckRequestDto } from './check.dto';
import { ChecksService } from './checks.service';
import { CHECK_RESULT } from './check-answer.schema';
import { ApiProblems } from '../common/openapi/problem-schema';

@ApiTags('checks')
@ApiBearerAuth()
@Controller('v1/checks')
export class ChecksController {
  constructor(private readonly checks: ChecksService) {}

  @Post()
  @HttpCode(200)
  @RequireScope('checks:run')
  @ApiOperation({
    summary: "Check a person against the hub's records and the PNC; recorded with purpose and justification",
  })
  @ApiResponse({
    status: 200,
    schema: CHECK_RESULT,
    description: '{ checkId, outcome: NO_TRACE | POSSIBLE_MATCH | MATCH, matches, sources, degraded? }',
  })
  @ApiResponse({ status: 403, description: 'The purpose is not that of an agreement in force naming the caller' })
  @ApiProblems([422, 'Invalid fields, each named in errors[]'])
  async run(@Body() request: CheckRequestDto, @CurrentCaller() caller: Caller) {
    return this.checks.run(caller, request);
  }
}
