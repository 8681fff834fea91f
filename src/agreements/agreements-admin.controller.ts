import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags, ApiResponse } from '@nestjs/swagger';
import type { Caller } from '../auth/agency';
import { CurrentCaller, RequireScope } from '../auth/auth.decorators';
import { AuditLog } from '../audit/audit-log';
import { todayInLondon } from '../canonical/civil-date';
import { ProblemException } from '../common/problem';
import type { Agreement } from './agreement';
import { AgreementRegistry } from './agreement-registry';
import { AgreementSuspensions } from './agreement-suspensions';
import { AgreementSuspensionDto } from './agreement-suspension.dto';
import { DisclosurePolicy, type AgreementStanding } from './disclosure-policy';
import { anyObject, listOf, objectOf } from '../common/openapi/named-schemas';

/** Operators and DPOs: which agreements are loaded, in what state; suspend one at once (the preview is in agreement-preview/). */
@ApiTags('operators')
@ApiBearerAuth()
@Controller('v1/admin/agreements')
export class AgreementsAdminController {
  constructor(
    private readonly registry: AgreementRegistry,
    private readonly suspensions: AgreementSuspensions,
    private readonly policy: DisclosurePolicy,
    private readonly audit: AuditLog,
  ) {}

  @Get()
  @RequireScope('admin')
  @ApiOperation({
    summary:
      'Loaded agreements and their state: active, not-yet-valid, review-overdue, expired, suspended, draft, terminated',
  })
  @ApiResponse({
    status: 200,
    description: 'OK',
    schema: objectOf(
      'Loaded agreements and their state',
      { agreements: listOf(anyObject('An agreement, its standing (active, expired, review due, suspended)')) },
      ['agreements'],
    ),
  })
  async list(@CurrentCaller() caller: Caller) {
    const agreements = (await this.policy.standing()).map((a) => this.view(a));
    await this.audit.record({
      action: 'CONSULTATION',
      operation: 'admin.agreements.read',
      agencyId: caller.agency.id,
      actorSub: caller.sub,
      details: { count: agreements.length },
    });
    return { agreements };
  }

  @Post(':id/suspension')
  @RequireScope('admin')
  @ApiOperation({
    summary: 'Suspend an agreement now: nothing more flows under it, including deliveries already queued or retrying',
  })
  @ApiResponse({ status: 201, description: 'Created', schema: anyObject('The agreement and its standing') })
  async suspend(@Param('id') id: string, @Body() dto: AgreementSuspensionDto, @CurrentCaller() caller: Caller) {
    const agreement = this.found(id);
    const created = await this.suspensions.suspend(id, dto.reason, caller.agency.id, caller.sub);
    if (!created) throw new ProblemException('AGREEMENT_ALREADY_SUSPENDED', `Agreement ${id} is already suspended`);
    await this.audit.record({
      action: 'ALTERATION',
      operation: 'agreement.suspended',
      agencyId: caller.agency.id,
      actorSub: caller.sub,
      justification: dto.reason,
      agreementIds: [id],
      recipients: agreement.recipients,
    });
    return this.view(await this.standingOf(agreement));
  }

  @Delete(':id/suspension')
  @HttpCode(200)
  @RequireScope('admin')
  @ApiOperation({
    summary: 'Lift a suspension; deliveries blocked while it held stay blocked (an operator may replay them)',
  })
  @ApiResponse({ status: 200, description: 'OK', schema: anyObject('The agreement and its standing') })
  async lift(@Param('id') id: string, @CurrentCaller() caller: Caller) {
    const agreement = this.found(id);
    if (!(await this.suspensions.lift(id, caller.sub)))
      throw new ProblemException('AGREEMENT_NOT_SUSPENDED', `Agreement ${id} is not suspended`);
    await this.audit.record({
      action: 'ALTERATION',
      operation: 'agreement.suspension.lifted',
      agencyId: caller.agency.id,
      actorSub: caller.sub,
      agreementIds: [id],
      recipients: agreement.recipients,
    });
    return this.view(await this.standingOf(agreement));
  }

  private found(id: string): Agreement {
    const agreement = this.registry.find(id);
    if (!agreement) throw new ProblemException('AGREEMENT_NOT_FOUND', `No agreement ${id} is loaded`);
    return agreement;
  }

  private async standingOf(agreement: Agreement, today = todayInLondon()): Promise<AgreementStanding> {
    return (await this.policy.standing(today)).find((s) => s.agreement.id === agreement.id)!;
  }

  private view({ agreement: a, state, suspension }: AgreementStanding) {
    return {
      id: a.id,
      title: a.title,
      status: a.status,
      state,
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
