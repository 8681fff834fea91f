import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../auth/auth.decorators';
import { AuditLog } from '../audit/audit-log';
import { ConsoleQueries } from './console-queries';
import { html, table, type Html } from './html';
import { ConsolePages } from './console-pages';
import { londonTime } from './london-time';

/** A subject's history, looked up by id (audited like a read through the API). */
@ApiExcludeController()
@Public()
@Controller('console')
export class ConsoleSubjectsController {
  constructor(
    private readonly pages: ConsolePages,
    private readonly audit: AuditLog,
    private readonly queries: ConsoleQueries,
  ) {}

  @Get('subjects')
  findSubject(
    @Query('subjectId') subjectId: string | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    if (subjectId) return reply.redirect(`/console/subjects/${encodeURIComponent(subjectId.trim())}`, 303);
    return this.pages.render(request, reply, 'admin', '/console/subjects', 'Subject', async () => subjectSearch());
  }

  @Get('subjects/:id')
  subject(@Param('id') id: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return this.pages.render(request, reply, 'admin', '/console/subjects', 'Subject', async (caller) => {
      const history = await this.queries.subjectHistory(id);
      if (!history)
        return html`${subjectSearch()}
          <p role="alert">No subject has that id.</p>`;
      // The disclosure history carries no personal data (types, agencies, times), but reading it is still a consultation.
      await this.audit.record({
        action: 'CONSULTATION',
        operation: 'console.subject.history.read',
        agencyId: caller.agency.id,
        actorSub: caller.sub,
        subjectId: id,
      });
      return html`<p>
          Subject <code>${history.subjectId}</code>, known to the hub since ${londonTime(history.since)}; areas
          ${history.areas.join(', ') || 'none'}.
        </p>
        ${table(
          'Responsibility: who was responsible for the person in which area, and when (an empty To is current)',
          ['Kind', 'Held by', 'Area', 'From', 'To', 'Stated by'],
          history.responsibility.map((f) => [f.kind, f.holder, f.area, f.from, f.to, f.statedBy]),
        )}
        ${table(
          'Timeline: every event, who sent it, who received it, when, and who acknowledged it',
          ['Sequence', 'Event', 'Raised', 'From', 'Recipient', 'Status', 'Delivered', 'Agreements', 'Acknowledged'],
          history.rows.map((r) => [
            r.sequence,
            r.type,
            londonTime(r.at),
            r.from,
            r.recipient,
            r.status,
            londonTime(r.deliveredAt),
            r.agreements,
            londonTime(r.acknowledgedAt),
          ]),
        )}`;
    });
  }
}

function subjectSearch(): Html {
  return html`<form method="get" action="/console/subjects">
    <label for="subjectId">Subject id</label>
    <input id="subjectId" name="subjectId" required />
    <button type="submit">Show history</button>
  </form>`;
}
