import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../auth/auth.decorators';
import { AuditLog } from '../audit/audit-log';
import { Handovers } from '../responsibility/handovers';
import { OpenGaps } from '../responsibility/open-gaps';
import { html, table } from './html';
import { ConsolePages } from './console-pages';

/** The gaps worklist by area and the licence-end handovers no new lead has acknowledged. */
@ApiExcludeController()
@Public()
@Controller('console')
export class ConsoleResponsibilityController {
  constructor(
    private readonly pages: ConsolePages,
    private readonly audit: AuditLog,
    private readonly openGaps: OpenGaps,
    private readonly handovers: Handovers,
  ) {}

  @Get('responsibility')
  responsibilityPage(
    @Query('area') area: string | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.pages.render(request, reply, 'admin', '/console/responsibility', 'Responsibility', async (caller) => {
      const wanted = (areas: string[]) => !area || areas.includes(area.trim().toUpperCase());
      const gaps = (await this.openGaps.list()).filter((g) => wanted([g.area]));
      const handovers = (await this.handovers.list()).filter((h) => !h.acknowledged && wanted(h.areas));
      await this.audit.record({
        action: 'CONSULTATION',
        operation: 'console.responsibility.read',
        agencyId: caller.agency.id,
        actorSub: caller.sub,
        details: { area: area ?? null, gaps: gaps.length, handovers: handovers.length },
      });
      const byArea = [...new Set(gaps.map((g) => g.area))].sort();
      return html`<form method="get" action="/console/responsibility">
          <label for="area">Area (police force code)</label>
          <input id="area" name="area" value="${area ?? ''}" />
          <button type="submit">Filter</button>
        </form>
        <h2>Gaps: people nobody polices where they are</h2>
        ${byArea.length === 0 ? html`<p class="empty">No open gaps.</p>` : html``}
        ${byArea.map((a) =>
          table(
            `Open gaps in ${a}`,
            ['Since', 'Kind', 'Subject'],
            gaps.filter((g) => g.area === a).map((g) => [g.since, g.kind, g.subjectId]),
          ),
        )}
        <h2>Licence-end handovers waiting for the new lead</h2>
        ${table(
          'Unacknowledged handovers',
          ['On', 'Areas', 'Subject', 'Event to acknowledge'],
          handovers.map((h) => [h.on, h.areas.join(', '), h.subjectId, h.eventId]),
        )}`;
    });
  }
}
