import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../auth/auth.decorators';
import { AuditLog } from '../audit/audit-log';
import { AuditQuery } from '../audit/audit-query';
import { parseAuditFilters } from '../audit/audit-query-params';
import { AuditVerifier } from '../audit/audit-verifier';
import { AUDIT_ACTIONS } from '../audit/audit-entry';
import { ProblemException } from '../common/problem';
import { html, table } from './html';
import { ConsolePages } from './console-pages';
import { londonTime } from './london-time';

/** The audit log: search, CSV export and chain verification. */
@ApiExcludeController()
@Public()
@Controller('console')
export class ConsoleAuditController {
  constructor(
    private readonly pages: ConsolePages,
    private readonly audit: AuditLog,
    private readonly auditQuery: AuditQuery,
    private readonly verifier: AuditVerifier,
  ) {}

  @Get('audit')
  auditPage(@Query() query: Record<string, string>, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return this.pages.render(request, reply, 'audit:read', '/console/audit', 'Audit log', async (caller) => {
      const { verify, ...raw } = query;
      const filters: Record<string, string> = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== ''));
      let problem: string | null = null;
      let items: Awaited<ReturnType<AuditQuery['find']>>['items'] = [];
      try {
        const parsed = parseAuditFilters({ limit: '100', ...filters });
        items = (await this.auditQuery.find(caller, parsed)).items;
        await this.audit.record({
          action: 'CONSULTATION',
          operation: 'console.audit.read',
          agencyId: caller.agency.id,
          actorSub: caller.sub,
          subjectId: parsed.subjectId ?? null,
          details: { count: items.length },
        });
      } catch (e) {
        if (!(e instanceof ProblemException)) throw e;
        problem = (e.errors ?? []).map((x) => `${x.path}: ${x.message}`).join('; ') || (e.detail ?? 'invalid filter');
      }
      const report = verify ? await this.verifier.verify() : null;
      if (report)
        await this.audit.record({
          action: 'CONSULTATION',
          operation: 'console.audit.verify',
          agencyId: caller.agency.id,
          actorSub: caller.sub,
          details: { ok: report.ok, checked: report.checked },
        });
      const field = (name: string, label: string, type = 'text') =>
        html`<label for="${name}">${label}</label
          ><input id="${name}" name="${name}" type="${type}" value="${filters[name] ?? ''}" />`;
      return html`<form method="get" action="/console/audit">
          ${field('subjectId', 'Subject id')} ${field('agency', 'Agency (acting or receiving)')}
          <label for="action">Action</label>
          <select id="action" name="action">
            <option value="">Any</option>
            ${AUDIT_ACTIONS.map((a) => html`<option value="${a}" ${filters.action === a ? html` selected` : html``}>${a}</option>`)}
          </select>
          ${field('from', 'From (RFC 3339)')} ${field('to', 'To (RFC 3339)')}
          <button type="submit">Search</button>
        </form>
        <form method="get" action="/console/audit">
          <input type="hidden" name="verify" value="1" /><button type="submit">Verify the hash chains</button>
        </form>
        ${report ? html`<p class="${report.ok ? 'notice' : 'warning'}" role="status">${report.ok ? `Chains intact: ${report.checked} rows checked in ${report.tookMs} ms.` : `Broken: ${JSON.stringify(report.firstBrokenAt)}`}</p>` : html``}
        ${problem ? html`<p class="warning" role="alert">${problem}</p>` : html``}
        ${table(
          'Audit entries, newest first',
          ['When', 'Action', 'Operation', 'Agency', 'Who', 'Subject', 'Agreements', 'Recipients', 'Justification'],
          items.map((i) => [
            londonTime(i.at),
            i.action,
            i.operation,
            i.agency,
            i.actorSub,
            i.subjectId ?? '',
            i.agreementIds.join(' '),
            i.recipients.join(' '),
            i.justification ?? '',
          ]),
        )}`;
    });
  }
}
