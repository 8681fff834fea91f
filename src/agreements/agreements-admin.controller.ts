import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Caller } from '../auth/agency';
import { CurrentCaller, RequireScope } from '../auth/auth.decorators';
import { AuditLog } from '../audit/audit-log';
import { todayInLondon } from '../canonical/civil-date';
import { ProblemException } from '../common/problem';
import { canonicalView, toReadModel } from '../subjects/subject-read-model';
import { subjectFacts } from '../subjects/subject-reader';
import { SubjectRepository } from '../subjects/subject.repository';
import type { Agreement } from './agreement';
import { AgreementRegistry } from './agreement-registry';
import { AgreementSuspensions } from './agreement-suspensions';
import { AgreementSuspensionDto } from './agreement-suspension.dto';
import { conditionsHold, DisclosurePolicy } from './disclosure-policy';
import { projectForAgreements } from './projection';

/** Operators and DPOs: which agreements are loaded, in what state; suspend one at once; preview. */
@ApiTags('operators')
@ApiBearerAuth()
@Controller('v1/admin/agreements')
export class AgreementsAdminController {
  constructor(
    private readonly registry: AgreementRegistry,
    private readonly suspensions: AgreementSuspensions,
    private readonly policy: DisclosurePolicy,
    private readonly subjects: SubjectRepository,
    private readonly audit: AuditLog,
  ) {}

  @Get()
  @RequireScope('admin')
  @ApiOperation({ summary: 'Loaded agreements and their state: active, not-yet-valid, review-overdue, expired, suspended, draft, terminated' })
  async list(@CurrentCaller() caller: Caller) {
    await this.policy.refresh();
    const agreements = this.registry.all().map((a) => this.view(a));
    await this.audit.record({ action: 'CONSULTATION', operation: 'admin.agreements.read', agencyId: caller.agency.id, actorSub: caller.sub, details: { count: agreements.length } });
    return { agreements };
  }

  @Post(':id/suspension')
  @RequireScope('admin')
  @ApiOperation({ summary: 'Suspend an agreement now: nothing more flows under it, including deliveries already queued or retrying' })
  async suspend(@Param('id') id: string, @Body() dto: AgreementSuspensionDto, @CurrentCaller() caller: Caller) {
    const agreement = this.found(id);
    const created = await this.suspensions.suspend(id, dto.reason, caller.agency.id, caller.sub);
    if (!created) throw new ProblemException(409, 'Conflict', `Agreement ${id} is already suspended`);
    await this.audit.record({ action: 'ALTERATION', operation: 'agreement.suspended', agencyId: caller.agency.id, actorSub: caller.sub, justification: dto.reason, agreementIds: [id], recipients: agreement.recipients });
    return this.view(agreement);
  }

  @Delete(':id/suspension')
  @HttpCode(200)
  @RequireScope('admin')
  @ApiOperation({ summary: 'Lift a suspension; deliveries blocked while it held stay blocked (an operator may replay them)' })
  async lift(@Param('id') id: string, @CurrentCaller() caller: Caller) {
    const agreement = this.found(id);
    if (!(await this.suspensions.lift(id, caller.sub))) throw new ProblemException(404, 'Not Found', `Agreement ${id} is not suspended`);
    await this.audit.record({ action: 'ALTERATION', operation: 'agreement.suspension.lifted', agencyId: caller.agency.id, actorSub: caller.sub, agreementIds: [id], recipients: agreement.recipients });
    return this.view(agreement);
  }

  @Get(':id/preview')
  @RequireScope('admin')
  @ApiQuery({ name: 'subjectId', required: true })
  @ApiOperation({ summary: 'Exactly what each recipient would receive about a subject under this agreement, now' })
  async preview(@Param('id') id: string, @Query('subjectId') subjectId: string | undefined, @CurrentCaller() caller: Caller) {
    const agreement = this.found(id);
    if (!subjectId) throw new ProblemException(400, 'Bad Request', 'subjectId is required', [{ path: 'subjectId', message: 'is required' }]);
    const subject = await this.subjects.findById(subjectId);
    if (!subject) throw new ProblemException(404, 'Not Found', 'No subject has that id');
    await this.policy.refresh();
    const today = todayInLondon();
    const facts = subjectFacts(subject);
    const state = this.policy.state(agreement, today);
    const flows = state === 'active' || state === 'review-overdue';
    const holds = conditionsHold(agreement, facts);
    const view = canonicalView(subject.record, today);
    const recipients = agreement.recipients.map((agency) => ({
      agency,
      receives: flows && holds,
      reason: !flows ? `agreement is ${state}` : !holds ? 'the agreement\'s conditions do not hold for this subject' : null,
      // What a read or an event carrying the whole record would show under this agreement alone.
      record: flows && holds ? toReadModel(subjectId, projectForAgreements(view, [agreement])) : null,
      eventTypes: flows && holds ? agreement.eventTypes : [],
    }));
    await this.audit.record({ action: 'CONSULTATION', operation: 'admin.agreement.preview', agencyId: caller.agency.id, actorSub: caller.sub, subjectId, agreementIds: [id], justification: 'disclosure preview' });
    return { agreement: id, state, subjectId, conditions: { ...agreement.conditions, subjectAreas: facts.areas, hold: holds }, recipients };
  }

  private found(id: string): Agreement {
    const agreement = this.registry.find(id);
    if (!agreement) throw new ProblemException(404, 'Not Found', `No agreement ${id} is loaded`);
    return agreement;
  }

  private view(a: Agreement) {
    const suspension = this.suspensions.find(a.id);
    return {
      id: a.id,
      title: a.title,
      status: a.status,
      state: this.policy.state(a),
      recipients: a.recipients,
      purpose: a.purpose,
      lawfulBasis: a.lawfulBasis,
      eventTypes: a.eventTypes,
      ...(a.alertOn ? { alertOn: a.alertOn } : {}),
      conditions: a.conditions,
      fields: a.fields,
      excludeProvenance: a.excludeProvenance,
      validFrom: a.validFrom,
      reviewBy: a.reviewBy ?? null,
      validTo: a.validTo ?? null,
      ackWithin: a.ackWithin ?? null,
      classification: a.classification,
      file: a.file,
      ...(suspension ? { suspension } : {}),
    };
  }
}
