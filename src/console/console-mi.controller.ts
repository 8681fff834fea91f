import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../auth/auth.decorators';
import { AuditLog } from '../audit/audit-log';
import { todayInLondon } from '../canonical/civil-date';
import { barChart } from './charts';
import { ConsoleQueries, toCsv } from './console-queries';
import { html, table } from './html';
import { ConsolePages } from './console-pages';

/** Management information: counts over a period, as a page or CSV. */
@ApiExcludeController()
@Public()
@Controller('console')
export class ConsoleManagementInformationController {
  constructor(
    private readonly pages: ConsolePages,
    private readonly audit: AuditLog,
    private readonly queries: ConsoleQueries,
  ) {}

  @Get('mi')
  mi(@Query('format') format: string | undefined, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return this.pages.render(request, reply, 'admin', '/console/mi', 'Management information', async (caller) => {
      const rows = await this.queries.managementInformation(todayInLondon());
      await this.audit.record({
        action: 'CONSULTATION',
        operation: 'console.mi.read',
        agencyId: caller.agency.id,
        actorSub: caller.sub,
        details: { format: format ?? 'html' },
      });
      if (format === 'csv') return { csv: toCsv(rows) };
      const sections = [...new Set(rows.map((r) => r.section))];
      return html`<p><a href="/console/mi?format=csv" download="hub-management-information.csv">Download as CSV</a></p>
        ${sections.length === 0 ? html`<p class="empty">No figures yet.</p>` : html``}
        ${sections.map((s, i) => {
          const data = rows.filter((r) => r.section === s);
          return html`<h2>${s}</h2>
            ${barChart(
              `mi-${i}`,
              s,
              data.map((r) => ({ label: r.key, value: r.value })),
            )}${table(
              s,
              ['Key', 'Count'],
              data.map((r) => [r.key, r.value]),
            )}`;
        })}
        <p>Identity reviews are decided through <code>GET /v1/admin/identity/reviews</code>.</p>`;
    });
  }
}
