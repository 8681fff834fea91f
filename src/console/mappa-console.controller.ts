import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../auth/auth.decorators';
import { AuditLog } from '../audit/audit-log';
import { actionsBoard, mappaMiFigures, minuteReceiptFigures } from '../mappa/mappa-mi';
import { MappaQueries } from '../mappa/mappa-queries';
import { barChart } from './charts';
import { toCsv } from './console-queries';
import { ConsoleForbidden, ConsoleSession, CrossSiteRequestRefused, SignInRequired } from './console-session';
import { html, table } from './html';
import { page } from './layout';
import { londonTime } from './london-time';

const WEEKS = 12;
const AREA = /^[A-Z]{2,4}$/;

/**
 * The MAPPA board and its MI (issue 17): per area, the actions open, overdue and escalated by
 * owner agency, and the minutes each agency acknowledged within its ackWithin, as counts and a
 * trend over the last 12 weeks, with the same figures as CSV. Ids, agencies and counts only:
 * no minute text, and never a victim section (which the hub cannot read back at all).
 */
@ApiExcludeController()
@Public()
@Controller('console/mappa')
export class MappaConsoleController {
  constructor(
    private readonly session: ConsoleSession,
    private readonly queries: MappaQueries,
    private readonly audit: AuditLog,
  ) {}

  @Get()
  async board(
    @Query('area') areaParam: string | undefined,
    @Query('format') format: string | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    let caller;
    try {
      caller = await this.session.caller(request, 'admin');
    } catch (e) {
      if (e instanceof SignInRequired) return reply.redirect('/console/sign-in', 303);
      if (e instanceof ConsoleForbidden || e instanceof CrossSiteRequestRefused)
        return sendHtml(reply, 403, page('Not allowed', '/console/mappa', null, html`<p>${e.message}.</p>`).text);
      throw e;
    }
    const area = areaParam && AREA.test(areaParam) ? areaParam : undefined;
    const board = actionsBoard(await this.queries.actions({ status: 'open', area, limit: 10_000 }));
    const since = new Date(Date.now() - WEEKS * 7 * 86_400_000).toISOString();
    const receipts = minuteReceiptFigures(await this.queries.minuteReceipts(since, area));
    const unacknowledged = await this.queries.unacknowledgedMinutes({ area, limit: 1000 });
    await this.audit.record({
      action: 'CONSULTATION',
      operation: 'console.mappa.read',
      agencyId: caller.agency.id,
      actorSub: caller.sub,
      details: { area: area ?? null, format: format ?? 'html' },
    });
    if (format === 'csv')
      return reply
        .type('text/csv; charset=utf-8')
        .header('cache-control', 'no-store')
        .header('content-disposition', `attachment; filename="hub-mappa-${area ?? 'all'}.csv"`)
        .send(toCsv(mappaMiFigures(board, receipts)));

    const csvHref = `/console/mappa?format=csv${area ? `&area=${area}` : ''}`;
    const body = html`<form method="get" action="/console/mappa">
        <label for="area">MAPPA area (police force code)</label>
        <input id="area" name="area" value="${area ?? ''}" />
        <button type="submit">Show</button>
      </form>
      <p><a href="${csvHref}" download="hub-mappa.csv">Download these figures as CSV</a></p>
      <h2>Actions${area ? ` in ${area}` : ''}</h2>
      <ul class="tiles">
        <li><strong>${board.totals.open}</strong> open</li>
        <li><strong>${board.totals.overdue}</strong> overdue</li>
        <li><strong>${board.totals.escalated}</strong> escalated to the chair</li>
        <li><strong>${unacknowledged.length}</strong> minutes not acknowledged</li>
      </ul>
      ${barChart(
        'mappa-open-by-owner',
        'Open actions by owner agency',
        board.byOwner.map((r) => ({ label: r.owner, value: r.open })),
      )}
      ${table(
        'Actions by owner agency',
        ['Owner', 'Open', 'Overdue', 'Escalated'],
        board.byOwner.map((r) => [r.owner, r.open, r.overdue, r.escalated]),
      )}
      <h2>Minutes acknowledged within ackWithin</h2>
      ${barChart(
        'mappa-receipts-by-week',
        `Minutes acknowledged within ackWithin, by week delivered (last ${WEEKS} weeks)`,
        receipts.byWeek.map((w) => ({ label: `week of ${w.key}`, value: w.percentWithin })),
        '%',
      )}
      ${table(
        'By week delivered',
        ['Week of', 'Delivered', 'Within ackWithin', 'Late', 'Outstanding', '% within'],
        receipts.byWeek.map((w) => [
          w.key,
          w.delivered,
          w.withinAckWithin,
          w.late,
          w.outstanding,
          `${w.percentWithin}%`,
        ]),
      )}
      ${table(
        'By agency',
        ['Agency', 'Delivered', 'Within ackWithin', 'Late', 'Outstanding', '% within'],
        receipts.byAgency.map((r) => [
          r.key,
          r.delivered,
          r.withinAckWithin,
          r.late,
          r.outstanding,
          `${r.percentWithin}%`,
        ]),
      )}
      ${table(
        'Minutes not yet acknowledged',
        ['Held on', 'Meeting', 'Area', 'Recipient', 'Due by', 'Subject'],
        unacknowledged.map((u) => [u.heldOn, u.meetingId, u.area, u.recipient, londonTime(u.ackDueAt), u.subjectId]),
      )}`;
    sendHtml(
      reply,
      200,
      page(
        'MAPPA actions and minutes',
        '/console/mappa',
        `${caller.displayName} (${caller.agency.name})`,
        body,
        caller.csrfToken,
      ).text,
    );
  }
}

/** The console's HTML answer: never cached, no script, nothing from elsewhere. */
function sendHtml(reply: FastifyReply, status: number, text: string): void {
  reply
    .status(status)
    .type('text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .header(
      'content-security-policy',
      "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'; frame-ancestors 'none'",
    )
    .send(text);
}
