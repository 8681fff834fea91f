import { Body, Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../auth/auth.decorators';
import { AuditLog } from '../audit/audit-log';
import { InboundMessageRepository } from '../ingestion/inbound-message.repository';
import { ConsoleQueries } from './console-queries';
import { html, table, type Html } from './html';
import { csrfField } from './layout';
import { maskMessageBody } from './masking';
import { ConsolePages } from './console-pages';
import { londonTime, londonTimeText } from './london-time';

/**
 * Quarantined inbound messages: the list, one message (masked), and revealing its body (audited).
 */
@ApiExcludeController()
@Public()
@Controller('console')
export class ConsoleQuarantineController {
  constructor(
    private readonly pages: ConsolePages,
    private readonly audit: AuditLog,
    private readonly messages: InboundMessageRepository,
    private readonly queries: ConsoleQueries,
  ) {}

  @Get('quarantine')
  quarantine(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return this.pages.render(request, reply, 'admin', '/console/quarantine', 'Quarantine', async (caller) => {
      const { items } = await this.messages.listQuarantine({ limit: 200 });
      await this.audit.record({
        action: 'CONSULTATION',
        operation: 'console.quarantine.read',
        agencyId: caller.agency.id,
        actorSub: caller.sub,
        details: { count: items.length },
      });
      return html`<p>
          Messages the hub refused, newest first. Nothing an agency sends is lost: each is kept with the reason.
        </p>
        ${table(
          'Quarantined messages',
          ['Received', 'Agency', 'Source', 'Reason', 'Message'],
          items.map((m) => [
            londonTime(m.receivedAt),
            m.agency,
            m.adapter,
            summariseReason(m.reason),
            html`<a href="/console/quarantine/${m.messageId}"
              >Inspect<span class="skip"> message from ${m.agency} at ${londonTimeText(m.receivedAt)}</span></a
            >`,
          ]),
        )}`;
    });
  }

  @Get('quarantine/:id')
  quarantined(@Param('id') id: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return this.pages.render(request, reply, 'admin', '/console/quarantine', 'Quarantined message', async (caller) => {
      const m = await this.queries.quarantinedMessage(id);
      if (!m) return html`<p>No quarantined message has that id.</p>`;
      await this.audit.record({
        action: 'CONSULTATION',
        operation: 'console.quarantine.inspect',
        agencyId: caller.agency.id,
        actorSub: caller.sub,
        correlationId: m.id,
        details: { masked: true },
      });
      return html`${messageHeader(m)}
        <h2>Body (personal data masked)</h2>
        <pre>${maskMessageBody(m.body, m.contentType)}</pre>
        <form method="post" action="/console/quarantine/${m.id}/reveal">
          ${csrfField(caller.csrfToken)}
          <label for="justification">Why do you need to see the personal data? (recorded in the audit log)</label>
          <textarea id="justification" name="justification" rows="2" minlength="5" maxlength="500" required></textarea>
          <button type="submit">Show unmasked</button>
        </form>`;
    });
  }

  @Post('quarantine/:id/reveal')
  reveal(
    @Param('id') id: string,
    @Body() form: Record<string, string>,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.pages.render(request, reply, 'admin', '/console/quarantine', 'Quarantined message', async (caller) => {
      const justification = (form?.justification ?? '').trim();
      const m = await this.queries.quarantinedMessage(id);
      if (!m) return html`<p>No quarantined message has that id.</p>`;
      if (justification.length < 5 || justification.length > 500) {
        return html`<p class="warning" role="alert">
            A justification of 5 to 500 characters is needed to see personal data.
          </p>
          <p><a href="/console/quarantine/${m.id}">Back to the masked message</a></p>`;
      }
      await this.audit.record({
        action: 'CONSULTATION',
        operation: 'console.quarantine.reveal',
        agencyId: caller.agency.id,
        actorSub: caller.sub,
        correlationId: m.id,
        justification,
        details: { masked: false },
      });
      return html`${messageHeader(m)}
        <p class="notice">Shown unmasked; your justification was recorded: “${justification}”.</p>
        <h2>Body</h2>
        <pre>${m.body}</pre>`;
    });
  }
}

function messageHeader(m: { id: string; agency: string; adapter: string; receivedAt: string; reason: unknown }): Html {
  return html`<dl>
    <dt>Received</dt>
    <dd>${londonTime(m.receivedAt)}</dd>
    <dt>From</dt>
    <dd>${m.agency} (${m.adapter})</dd>
    <dt>Why it was refused</dt>
    <dd>${summariseReason(m.reason)}</dd>
  </dl>`;
}

/** The rejection as stored (a problem document): its detail and each bad field. */
function summariseReason(reason: unknown): string {
  const r = reason as { detail?: string; title?: string; errors?: { path: string; message: string }[] } | null;
  if (!r || typeof r !== 'object') return String(reason ?? '');
  const fields = (r.errors ?? []).map((e) => `${e.path}: ${e.message}`).join('; ');
  return [r.detail ?? r.title, fields].filter(Boolean).join(' — ');
}
