import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags, ApiResponse } from '@nestjs/swagger';
import type { Caller } from '../auth/agency';
import { CurrentCaller, RequireScope } from '../auth/auth.decorators';
import { AuditLog } from '../audit/audit-log';
import { Handovers } from './handovers';
import { OpenGaps } from './open-gaps';
import { anyObject, listOf, objectOf } from '../common/openapi/named-schemas';

/** Operators: open responsibility gaps and licence-end handovers (responsibility.md); hub references and areas only, no personal data. */
@ApiTags('operators')
@ApiBearerAuth()
@Controller('v1/admin/responsibility')
export class ResponsibilityAdminController {
  constructor(
    private readonly openGaps: OpenGaps,
    private readonly handovers: Handovers,
    private readonly audit: AuditLog,
  ) {}

  @Get('gaps')
  @RequireScope('admin')
  @ApiOperation({
    summary:
      'Open responsibility gaps: subjects under notification requirements whom no police force manages where they are (UNMANAGED_ARRIVAL), or at all 3 days after the requirements started (NO_POLICE_MANAGER)',
  })
  @ApiResponse({
    status: 200,
    description: 'OK',
    schema: objectOf(
      'Open responsibility gaps',
      { gaps: listOf(anyObject('A subject with no one responsible where someone must be')) },
      ['gaps'],
    ),
  })
  async list(@CurrentCaller() caller: Caller) {
    const gaps = await this.openGaps.list();
    await this.audit.record({
      action: 'CONSULTATION',
      operation: 'admin.responsibility.gaps.read',
      agencyId: caller.agency.id,
      actorSub: caller.sub,
      details: { count: gaps.length },
    });
    return { gaps };
  }

  @Get('handovers')
  @RequireScope('admin')
  @ApiOperation({
    summary:
      'Licence-end handovers of the MAPPA lead to police, each with the acknowledgement of the new lead (null while unacknowledged)',
  })
  @ApiResponse({
    status: 200,
    description: 'OK',
    schema: objectOf('Handovers between areas', { handovers: listOf(anyObject('A handover package')) }, ['handovers']),
  })
  async listHandovers(@CurrentCaller() caller: Caller) {
    const handovers = await this.handovers.list();
    await this.audit.record({
      action: 'CONSULTATION',
      operation: 'admin.responsibility.handovers.read',
      agencyId: caller.agency.id,
      actorSub: caller.sub,
      details: { count: handovers.length },
    });
    return { handovers };
  }
}
