import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags, ApiResponse } from '@nestjs/swagger';
import type { Caller } from '../auth/agency';
import { CurrentCaller, RequireScope } from '../auth/auth.decorators';
import { AuditLog } from '../audit/audit-log';
import { ProblemException } from '../common/problem';
import { AgreementRegistry } from '../agreements/agreement-registry';
import { SubjectRepository } from '../subjects/subject.repository';
import { AgreementPreview } from './agreement-preview';
import { anyObject } from '../common/openapi/named-schemas';

/**
 * Operators and DPOs: exactly what an agreement would disclose about a subject, now. Kept out of
 * agreements/ because it reads subjects, and subjects read through agreements' decision.
 */
@ApiTags('operators')
@ApiBearerAuth()
@Controller('v1/admin/agreements')
export class AgreementPreviewController {
  constructor(
    private readonly registry: AgreementRegistry,
    private readonly subjects: SubjectRepository,
    private readonly previews: AgreementPreview,
    private readonly audit: AuditLog,
  ) {}

  @Get(':id/preview')
  @RequireScope('admin')
  @ApiQuery({ name: 'subjectId', required: true })
  @ApiOperation({ summary: 'Exactly what each recipient would receive about a subject under this agreement, now' })
  @ApiResponse({
    status: 200,
    description: 'OK',
    schema: anyObject('What each recipient would receive about the subject under this agreement, now'),
  })
  async preview(
    @Param('id') id: string,
    @Query('subjectId') subjectId: string | undefined,
    @CurrentCaller() caller: Caller,
  ) {
    const agreement = this.registry.find(id);
    if (!agreement) throw new ProblemException('AGREEMENT_NOT_FOUND', `No agreement ${id} is loaded`);
    if (!subjectId)
      throw new ProblemException('QUERY_PARAMETER_INVALID', 'subjectId is required', [
        { path: 'subjectId', message: 'is required' },
      ]);
    const subject = await this.subjects.findById(subjectId);
    if (!subject) throw new ProblemException('SUBJECT_NOT_FOUND', 'No subject has that id');
    const preview = await this.previews.preview(agreement, subject);
    await this.audit.record({
      action: 'CONSULTATION',
      operation: 'admin.agreement.preview',
      agencyId: caller.agency.id,
      actorSub: caller.sub,
      subjectId,
      agreementIds: [id],
      justification: 'disclosure preview',
    });
    return preview;
  }
}
