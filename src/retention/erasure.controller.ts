import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Caller } from '../auth/agency';
import { CurrentCaller, RequireScope } from '../auth/auth.decorators';
import { ErasureRequestDto } from './erasure-request.dto';
import { SubjectErasure } from './subject-erasure';
import { anyObject, objectOf, text } from '../common/openapi/named-schemas';

@ApiTags('operators')
@ApiBearerAuth()
@Controller('v1/admin/subjects')
export class ErasureController {
  constructor(private readonly erasure: SubjectErasure) {}

  @Post(':subjectId/erasure')
  @HttpCode(200)
  @RequireScope('admin')
  @ApiOperation({
    summary:
      "Erase a subject's personal data once the retention of all their records has ended (config/reference/retention.yaml)",
  })
  @ApiResponse({
    status: 200,
    schema: objectOf(
      'What was erased',
      {
        subjectId: text(),
        erasedAt: text(undefined, { format: 'date-time' }),
        retentionEndedOn: text(),
        erased: anyObject('Counts by kind: auditRows, events, deliveries, ...'),
      },
      ['subjectId', 'erasedAt'],
    ),
    description: '{ subjectId, erasedAt, retentionEndedOn, erased: { auditRows, events, deliveries, ... } }',
  })
  @ApiResponse({ status: 404, description: 'No such subject' })
  @ApiResponse({
    status: 409,
    description: 'Retention has not ended (retentionEndsOn, heldBy), or the subject was already erased',
  })
  async erase(@Param('subjectId') subjectId: string, @Body() dto: ErasureRequestDto, @CurrentCaller() caller: Caller) {
    return this.erasure.erase(caller, subjectId, dto.reason);
  }
}
