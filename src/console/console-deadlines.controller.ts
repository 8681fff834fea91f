import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../auth/auth.decorators';
import { AuditLog } from '../audit/audit-log';
import { todayInLondon } from '../canonical/civil-date';
import { DeadlineRepository } from '../clocks/deadline.repository';
import { DEADLINE_KINDS } from '../rules/deadline-rules';
import { html, table } from './html';
import { ConsolePages } from './console-pages';

/** Open and overdue deadlines. */
@ApiExcludeController()
@Public()
@Controller('console')
export class ConsoleDeadlinesController {
  constructor(
    private readonly pages: ConsolePages,
    private readonly audit: AuditLog,
    private readonly deadlines: DeadlineRepository,
  ) {}

  @Get('deadlines')
  deadlinesPage(
    @Query('status') status: string | undefined,
    @Query('area') area: string | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.pages.render(request, reply, 'admin', '/console/deadlines', 'Deadlines', async (caller) => {
      const state = status === 'due' ? 'due' : 'overdue';
      const items = await this.deadlines.list({
        status: state,
        today: todayInLondon(),
        overdueKinds: [...DEADLINE_KINDS],
        area: area || undefined,
        limit: 500,
      });
      await this.audit.record({
        action: 'CONSULTATION',
        operation: 'console.deadlines.read',
        agencyId: caller.agency.id,
        actorSub: caller.sub,
        details: { status: state, count: items.length },
      });
      return html`<form method="get" action="/console/deadlines">
          <label for="status">Show</label>
          <select id="status" name="status">
            <option value="overdue" ${state === 'overdue' ? html` selected` : html``}>Overdue</option>
            <option value="due" ${state === 'due' ? html` selected` : html``}>Due soon</option>
          </select>
          <label for="area">Area (police force code)</label>
          <input id="area" name="area" value="${area ?? ''}" />
          <button type="submit">Filter</button>
        </form>
        ${table(
          `Deadlines ${state}`,
          ['Due on', 'Kind', 'Subject', 'Areas', 'What'],
          items.map((d) => [d.dueOn, d.kind, d.subjectId, d.areas.join(', '), d.description]),
        )}`;
    });
  }
}
