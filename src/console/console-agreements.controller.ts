import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AgreementPreview } from '../agreement-preview/agreement-preview';
import { AgreementRegistry } from '../agreements/agreement-registry';
import { DisclosurePolicy } from '../agreements/disclosure-policy';
import { Public } from '../auth/auth.decorators';
import { AuditLog } from '../audit/audit-log';
import { ConsoleQueries } from './console-queries';
import { html, table } from './html';
import { SubjectRepository } from '../subjects/subject.repository';
import { ConsolePages } from './console-pages';

/** Data-sharing agreements in force, and the preview of what one would disclose. */
@ApiExcludeController()
@Public()
@Controller('console')
export class ConsoleAgreementsController {
  constructor(
    private readonly pages: ConsolePages,
    private readonly agreements: AgreementRegistry,
    private readonly audit: AuditLog,
    private readonly policy: DisclosurePolicy,
    private readonly previews: AgreementPreview,
    private readonly queries: ConsoleQueries,
    private readonly subjects: SubjectRepository,
  ) {}

  @Get('agreements')
  agreementsPage(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return this.pages.render(request, reply, 'admin', '/console/agreements', 'Agreements', async (caller) => {
      const standing = await this.policy.standing();
      const flowed = await this.queries.flowedThisWeek();
      await this.audit.record({
        action: 'CONSULTATION',
        operation: 'console.agreements.read',
        agencyId: caller.agency.id,
        actorSub: caller.sub,
      });
      const all = standing.map((s) => s.agreement);
      return html`${table(
          'Data-sharing agreements',
          ['Agreement', 'State', 'Recipients', 'Fields', 'Events delivered in the last 7 days'],
          standing.map(({ agreement: a, state }) => [
            a.id,
            state,
            a.recipients.join(', '),
            a.fields.join(', '),
            flowed.get(a.id) ?? 0,
          ]),
        )}
        <h2>Disclosure preview</h2>
        <form method="get" action="/console/agreements/preview">
          <label for="agreement">Agreement</label>
          <select id="agreement" name="agreement">
            ${all.map((a) => html`<option value="${a.id}">${a.id}: ${a.title}</option>`)}
          </select>
          <label for="subjectId">Subject id</label>
          <input id="subjectId" name="subjectId" required pattern="[0-9a-fA-F-]{36}" />
          <button type="submit">Preview</button>
        </form>`;
    });
  }

  /** What each recipient would see under one agreement: the disclosure policy's record view, as the API preview. */
  @Get('agreements/preview')
  agreementPreview(
    @Query('agreement') agreementId: string | undefined,
    @Query('subjectId') subjectId: string | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.pages.render(request, reply, 'admin', '/console/agreements', 'Disclosure preview', async (caller) => {
      const agreement = agreementId ? this.agreements.find(agreementId) : undefined;
      const subject =
        subjectId && /^[0-9a-fA-F-]{36}$/.test(subjectId) ? await this.subjects.findById(subjectId) : null;
      if (!agreement || !subject)
        return html`<p role="alert">${!agreement ? 'No agreement has that id.' : 'No subject has that id.'}</p>
          <p><a href="/console/agreements">Back to agreements</a></p>`;
      const preview = await this.previews.preview(agreement, subject);
      await this.audit.record({
        action: 'CONSULTATION',
        operation: 'console.agreement.preview',
        agencyId: caller.agency.id,
        actorSub: caller.sub,
        subjectId: subject.id,
        agreementIds: [agreement.id],
        justification: 'disclosure preview',
      });
      return html`<p>
          Agreement <code>${preview.agreement}</code> is ${preview.state}; its conditions
          ${preview.conditions.hold ? 'hold' : 'do not hold'} for subject <code>${preview.subjectId}</code>.
        </p>
        ${table(
          'What each recipient would see now',
          ['Recipient', 'Receives', 'Why not', 'Record'],
          preview.recipients.map((r) => [
            r.agency,
            r.receives ? 'yes' : 'no',
            r.reason ?? '',
            r.record ? html`<pre>${JSON.stringify(r.record, null, 2)}</pre>` : '',
          ]),
        )}`;
    });
  }
}
