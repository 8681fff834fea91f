import { Body, Controller, Get, Inject, NotFoundException, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AgreementPreview } from '../agreement-preview/agreement-preview';
import { AgreementRegistry } from '../agreements/agreement-registry';
import { DisclosurePolicy } from '../agreements/disclosure-policy';
import { HUB_ENVIRONMENT, type HubEnvironment } from '../../config/environment';
import type { Scope } from '../auth/agency';
import { Public } from '../auth/auth.decorators';
import { TokenVerifier } from '../auth/token-verifier';
import { AuditLog } from '../audit/audit-log';
import { AuditQuery } from '../audit/audit-query';
import { parseAuditFilters } from '../audit/audit-query-params';
import { AuditVerifier } from '../audit/audit-verifier';
import { AUDIT_ACTIONS } from '../audit/audit-entry';
import { ProblemException } from '../common/problem';
import { todayInLondon } from '../canonical/civil-date';
import { DeadlineRepository } from '../clocks/deadline.repository';
import { DEADLINE_KINDS } from '../rules/deadline-rules';
import { InboundMessageRepository } from '../ingestion/inbound-message.repository';
import { DeliveryReplayService } from '../delivery/operators/delivery-replay.service';
import { OperatorDeliveriesRepository } from '../delivery/operators/operator-deliveries.repository';
import { barChart } from './charts';
import { ConsoleQueries, toCsv } from './console-queries';
import { ConsoleOidc, OidcSignInFailed } from './console-oidc';
import { CONSOLE_ROLES } from './console-roles';
import { ConsoleSessionStore } from './console-session-store';
import {
  ConsoleForbidden,
  ConsoleSession,
  CrossSiteRequestRefused,
  SignInRequired,
  type ConsoleCaller,
} from './console-session';
import { html, table, type Html } from './html';
import { csrfField, page } from './layout';
import { maskMessageBody } from './masking';
import { UpstreamStats } from '../upstreams/upstream-stats';
import { SubjectRepository } from '../subjects/subject.repository';
import { Handovers } from '../responsibility/handovers';
import { OpenGaps } from '../responsibility/open-gaps';

const who = (c: ConsoleCaller) => `${c.displayName} (${c.agency.name})`;

/**
 * The operator console: server-rendered pages over the hub's own services, signed in through
 * the organisation's OpenID Connect provider (or, in tests and demos, an agency token) into an
 * opaque server-side session. Every page that shows records or personal data is audited like the API.
 */
@ApiExcludeController()
@Public()
@Controller('console')
export class ConsoleController {
  constructor(
    private readonly session: ConsoleSession,
    private readonly queries: ConsoleQueries,
    private readonly audit: AuditLog,
    private readonly messages: InboundMessageRepository,
    private readonly agreements: AgreementRegistry,
    private readonly policy: DisclosurePolicy,
    private readonly deadlines: DeadlineRepository,
    private readonly openGaps: OpenGaps,
    private readonly handovers: Handovers,
    private readonly auditQuery: AuditQuery,
    private readonly verifier: AuditVerifier,
    private readonly operatorDeliveries: OperatorDeliveriesRepository,
    private readonly replays: DeliveryReplayService,
    private readonly upstreams: UpstreamStats,
    private readonly oidc: ConsoleOidc,
    private readonly store: ConsoleSessionStore,
    private readonly tokens: TokenVerifier,
    @Inject(HUB_ENVIRONMENT) private readonly env: HubEnvironment,
    private readonly previews: AgreementPreview,
    private readonly subjects: SubjectRepository,
  ) {}

  @Get('sign-in')
  signInForm(@Res() reply: FastifyReply) {
    send(reply, 200, this.signInPage(null));
  }

  /** Starts the authorization code flow: state, nonce and PKCE verifier stay server-side. */
  @Get('sign-in/oidc')
  async startOidcSignIn(@Res() reply: FastifyReply) {
    if (!this.oidc.configured) throw new NotFoundException();
    let started: Awaited<ReturnType<ConsoleOidc['begin']>>;
    try {
      started = await this.oidc.begin();
    } catch {
      return send(
        reply,
        503,
        this.signInPage('The identity provider cannot be reached just now. Try again in a minute.'),
      );
    }
    this.session.setSignInCookie(reply, await this.store.beginSignIn(started.pending));
    reply.redirect(started.url, 303);
  }

  @Get('sign-in/callback')
  async finishOidcSignIn(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    if (!this.oidc.configured) throw new NotFoundException();
    const handle = this.session.takeSignInCookie(request, reply);
    const pending = handle ? await this.store.takeSignIn(handle) : null;
    if (!pending)
      return send(
        reply,
        400,
        this.signInPage('That sign-in was not started here or took too long. Please sign in again.'),
      );
    let person;
    try {
      person = this.oidc.person(
        await this.oidc.finish(new URL(request.url, this.env.consoleOidc!.redirectUrl), pending),
      );
    } catch (e) {
      if (!(e instanceof OidcSignInFailed)) throw e;
      return send(reply, 401, this.signInPage('The identity provider did not sign you in. Please try again.'));
    }
    if (person.roles.length === 0) {
      return send(
        reply,
        403,
        this.signInPage(
          `${person.displayName} is signed in at the identity provider but holds no console role. Ask the hub's administrators for one.`,
        ),
      );
    }
    await this.session.open(reply, person);
    await this.audit.record({
      action: 'CONSULTATION',
      operation: 'console.signed-in',
      agencyId: person.agencyId,
      actorSub: person.sub,
      details: { method: 'oidc', roles: person.roles },
    });
    // The provider's redirect was cross-site, so the browser withholds the SameSite=Strict cookie
    // on it and on any redirect that follows; a same-site navigation from this page carries it.
    send(
      reply,
      200,
      page(
        'Signed in',
        '/console/sign-in',
        null,
        html`<meta http-equiv="refresh" content="0;url=/console" />
          <p>Signed in as ${person.displayName}. <a href="/console">Continue to the console</a>.</p>`,
      ),
    );
  }

  /** Tests and demos only (HUB_CONSOLE_TOKEN_SIGN_IN=true): the token is checked once, never kept. */
  @Post('sign-in/token')
  async tokenSignIn(@Body() form: Record<string, string>, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    if (!this.env.consoleTokenSignIn) throw new NotFoundException();
    try {
      this.session.checkOrigin(request);
    } catch (e) {
      if (e instanceof CrossSiteRequestRefused) return send(reply, 403, this.signInPage(e.message));
      throw e;
    }
    const caller =
      typeof form?.token === 'string'
        ? await this.tokens.verify(`Bearer ${form.token.trim()}`).catch(() => null)
        : null;
    const roles = CONSOLE_ROLES.filter((r) => caller?.scopes.includes(r));
    if (!caller || roles.length === 0) {
      return send(
        reply,
        401,
        this.signInPage(
          'That token was not accepted: it must be a current agency token with the admin or audit:read scope.',
        ),
      );
    }
    await this.session.open(reply, {
      sub: caller.sub,
      displayName: caller.sub,
      agencyId: caller.agency.id,
      roles,
      signedInWith: 'token',
    });
    await this.audit.record({
      action: 'CONSULTATION',
      operation: 'console.signed-in',
      agencyId: caller.agency.id,
      actorSub: caller.sub,
      details: { method: 'token' },
    });
    reply.redirect('/console', 303);
  }

  @Post('sign-out')
  async signOut(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    try {
      await this.session.signOut(request, reply);
    } catch (e) {
      if (e instanceof CrossSiteRequestRefused)
        return send(reply, 403, page('Not allowed', '/console', null, html`<p role="alert">${e.message}</p>`));
      throw e;
    }
    reply.redirect('/console/sign-in', 303);
  }

  @Get()
  overview(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return this.render(request, reply, 'admin', '/console', 'Overview', async () => {
      const [o, { pnc, hmpo }] = await Promise.all([this.queries.overview(), this.upstreams.standing()]);
      const configured = (yes: boolean) => (yes ? 'configured' : 'not configured');
      const perSource = new Map<string, number>();
      for (const m of o.messages) perSource.set(m.adapter, (perSource.get(m.adapter) ?? 0) + m.accepted + m.rejected);
      const perAgency = new Map<string, number>();
      for (const d of o.deliveries.filter((x) => x.status === 'delivered')) perAgency.set(d.agency, d.count);
      return html`<ul class="tiles" aria-label="Totals">
          <li><strong>${o.waitingTotal}</strong> deliveries waiting</li>
          <li>
            <strong><a href="/console/quarantine">${o.quarantined}</a></strong> quarantined messages
          </li>
          <li><strong>${o.dead}</strong> dead letters</li>
        </ul>
        <h2>Messages in, last 24 hours</h2>
        ${barChart(
          'sources',
          'Messages received per source, last 24 hours',
          [...perSource].map(([label, value]) => ({ label, value })),
        )}
        ${table(
          'Messages per source per hour',
          ['Hour', 'Source', 'Accepted', 'Rejected'],
          o.messages.map((m) => [m.hour, m.adapter, m.accepted, m.rejected]),
        )}
        <h2>Deliveries</h2>
        ${barChart(
          'deliveries',
          'Events delivered per agency',
          [...perAgency].map(([label, value]) => ({ label, value })),
        )}
        ${table(
          'Deliveries per agency and status',
          ['Agency', 'Status', 'Count'],
          o.deliveries.map((d) => [d.agency, d.status, d.count]),
        )}
        ${barChart(
          'latency',
          'p95 delivery latency per agency, last 24 hours',
          o.latency.map((l) => ({ label: l.agency, value: l.p95Seconds })),
          ' s',
        )}
        ${table(
          'p95 delivery latency, last 24 hours',
          ['Agency', 'p95 (seconds)'],
          o.latency.map((l) => [l.agency, l.p95Seconds]),
        )}
        <h2>Queues</h2>
        ${table(
          'Waiting deliveries per agency',
          ['Agency', 'Depth', 'Oldest waiting (seconds)'],
          o.waiting.map((w) => [w.agency, w.depth, w.oldestSeconds]),
        )}
        <h2>Services the hub calls</h2>
        ${table(
          'PNC and HMPO',
          ['Service', 'Set up', 'Standing'],
          [
            [
              'PNC (checks)',
              configured(pnc.configured),
              `${pnc.checksLastHour} checks in the last hour, ${pnc.degradedLastHour} without a PNC answer${pnc.lastDegradedAt ? ` (last ${pnc.lastDegradedAt})` : ''}`,
            ],
            [
              'HMPO (passport watchlist)',
              configured(hmpo.configured),
              `${hmpo.outstanding} requests not yet accepted, ${hmpo.blocked} held back, oldest waiting ${hmpo.oldestOutstandingSeconds} s`,
            ],
          ],
        )}`;
    });
  }

  @Get('quarantine')
  quarantine(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return this.render(request, reply, 'admin', '/console/quarantine', 'Quarantine', async (caller) => {
      const items = await this.messages.listQuarantine({ limit: 200 });
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
            m.receivedAt,
            m.agency,
            m.adapter,
            summariseReason(m.reason),
            html`<a href="/console/quarantine/${m.messageId}"
              >Inspect<span class="skip"> message from ${m.agency} at ${m.receivedAt}</span></a
            >`,
          ]),
        )}`;
    });
  }

  @Get('quarantine/:id')
  quarantined(@Param('id') id: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return this.render(request, reply, 'admin', '/console/quarantine', 'Quarantined message', async (caller) => {
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
    return this.render(request, reply, 'admin', '/console/quarantine', 'Quarantined message', async (caller) => {
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

  @Get('dead-letters')
  deadLetters(
    @Query('replayed') replayed: string | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.render(request, reply, 'admin', '/console/dead-letters', 'Dead letters', async (caller) => {
      const { items } = await this.operatorDeliveries.list({
        statuses: ['dead'],
        agency: null,
        limit: 200,
        after: null,
      });
      await this.audit.record({
        action: 'CONSULTATION',
        operation: 'console.dead-letters.read',
        agencyId: caller.agency.id,
        actorSub: caller.sub,
        details: { count: items.length },
      });
      return html`${replayed ? html`<p class="notice" role="status">${replayed}</p>` : html``}
        <p>
          Deliveries that failed for good or ran out of retries. Replaying one sends it again under today's agreements
          (what they now withhold is withheld).
        </p>
        ${table(
          'Dead letters',
          ['Delivery', 'Agency', 'Event', 'Attempts', 'Last error', 'Replay'],
          items.map((d) => [
            d.id,
            d.agency,
            d.eventType,
            d.attempts,
            d.lastError ?? '',
            html`<form method="post" action="/console/dead-letters/${d.id}/replay">
              ${csrfField(caller.csrfToken)}<label for="reason-${d.id}">Reason</label
              ><input id="reason-${d.id}" name="reason" required minlength="5" maxlength="500" /><button type="submit">
                Replay<span class="skip"> delivery ${d.id}</span>
              </button>
            </form>`,
          ]),
        )}`;
    });
  }

  @Post('dead-letters/:id/replay')
  replayDeadLetter(
    @Param('id') id: string,
    @Body() form: Record<string, string>,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.render(request, reply, 'admin', '/console/dead-letters', 'Dead letters', async (caller) => {
      const reason = (form?.reason ?? '').trim();
      if (reason.length < 5)
        return html`<p class="warning" role="alert">A reason of at least 5 characters is needed to replay.</p>
          <p><a href="/console/dead-letters">Back to dead letters</a></p>`;
      try {
        const result = (await this.replays.replayDelivery(caller, id, reason)) as { outcome?: string };
        return html`<p class="notice" role="status">Replay of ${id}: ${result.outcome ?? 'queued'}.</p>
          <p><a href="/console/dead-letters">Back to dead letters</a></p>`;
      } catch (e) {
        if (!(e instanceof ProblemException)) throw e;
        return html`<p class="warning" role="alert">${e.detail ?? e.title}</p>
          <p><a href="/console/dead-letters">Back to dead letters</a></p>`;
      }
    });
  }

  @Get('agreements')
  agreementsPage(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return this.render(request, reply, 'admin', '/console/agreements', 'Agreements', async (caller) => {
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
    return this.render(request, reply, 'admin', '/console/agreements', 'Disclosure preview', async (caller) => {
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

  @Get('subjects')
  findSubject(
    @Query('subjectId') subjectId: string | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    if (subjectId) return reply.redirect(`/console/subjects/${encodeURIComponent(subjectId.trim())}`, 303);
    return this.render(request, reply, 'admin', '/console/subjects', 'Subject', async () => subjectSearch());
  }

  @Get('subjects/:id')
  subject(@Param('id') id: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return this.render(request, reply, 'admin', '/console/subjects', 'Subject', async (caller) => {
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
          Subject <code>${history.subjectId}</code>, known to the hub since ${history.since}; areas
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
            r.at,
            r.from,
            r.recipient,
            r.status,
            r.deliveredAt,
            r.agreements,
            r.acknowledgedAt,
          ]),
        )}`;
    });
  }

  @Get('responsibility')
  responsibilityPage(
    @Query('area') area: string | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.render(request, reply, 'admin', '/console/responsibility', 'Responsibility', async (caller) => {
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

  @Get('deadlines')
  deadlinesPage(
    @Query('status') status: string | undefined,
    @Query('area') area: string | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.render(request, reply, 'admin', '/console/deadlines', 'Deadlines', async (caller) => {
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

  @Get('audit')
  auditPage(@Query() query: Record<string, string>, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return this.render(request, reply, 'audit:read', '/console/audit', 'Audit log', async (caller) => {
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
            i.at,
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

  @Get('mi')
  mi(@Query('format') format: string | undefined, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return this.render(request, reply, 'admin', '/console/mi', 'Management information', async (caller) => {
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

  /** Runs a page: signs the visitor in (or sends them to sign in), renders, never leaks a stack trace. */
  /**
   * Runs a page: signs the visitor in (or sends them to sign in), refuses a POST that is not
   * same-origin with the session's CSRF token before doing anything, renders, never leaks a stack trace.
   */
  private async render(
    request: FastifyRequest,
    reply: FastifyReply,
    scope: Scope,
    current: string,
    title: string,
    body: (caller: ConsoleCaller) => Promise<Html | { csv: string }>,
  ) {
    let caller: ConsoleCaller;
    try {
      caller = await this.session.caller(request, scope);
    } catch (e) {
      if (e instanceof SignInRequired) return reply.redirect('/console/sign-in', 303);
      if (e instanceof ConsoleForbidden)
        return send(reply, 403, page('Not allowed', current, null, html`<p>${e.message}.</p>`));
      if (e instanceof CrossSiteRequestRefused)
        return send(reply, 403, page('Not allowed', current, null, html`<p role="alert">${e.message}</p>`));
      throw e;
    }
    const content = await body(caller);
    if ('csv' in content)
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="hub-management-information.csv"')
        .send(content.csv);
    send(reply, 200, page(title, current, who(caller), content, caller.csrfToken));
  }

  /**
   * Sign-in through the identity provider when configured (a link, not a form: CSP form-action
   * 'self' would stop a form's redirect to the provider); the token form only when enabled for tests and demos. */
  private signInPage(error: string | null): Html {
    const oidc = this.oidc.configured
      ? html`<p>Sign in with your organisation's account. Operators and auditors get their console role from it.</p>
          <p><a class="button" href="/console/sign-in/oidc">Sign in with your organisation's account</a></p>`
      : html``;
    const token = this.env.consoleTokenSignIn
      ? html`<h2>Token sign-in (tests and demos)</h2>
          <p>
            Sign in with a current token of your agency (operators: <code>admin</code> scope; auditors:
            <code>audit:read</code>). The token is checked once and not kept.
          </p>
          <form method="post" action="/console/sign-in/token">
            <label for="token">Agency token</label>
            <textarea id="token" name="token" rows="5" required autocomplete="off" spellcheck="false"></textarea>
            <button type="submit">Sign in with the token</button>
          </form>`
      : html``;
    const none =
      !this.oidc.configured && !this.env.consoleTokenSignIn
        ? html`<p>
            Sign-in is not configured: the hub's administrators must set up its identity provider
            (<code>HUB_OIDC_ISSUER</code>).
          </p>`
        : html``;
    return page(
      'Sign in',
      '/console/sign-in',
      null,
      html`${error ? html`<p class="warning" role="alert">${error}</p>` : html``}${oidc}${token}${none}`,
    );
  }
}

function send(reply: FastifyReply, status: number, body: Html): void {
  reply
    .status(status)
    .type('text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .header(
      'content-security-policy',
      "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'; frame-ancestors 'none'",
    )
    .send(body.text);
}

function subjectSearch(): Html {
  return html`<form method="get" action="/console/subjects">
    <label for="subjectId">Subject id</label>
    <input id="subjectId" name="subjectId" required />
    <button type="submit">Show history</button>
  </form>`;
}

function messageHeader(m: { id: string; agency: string; adapter: string; receivedAt: string; reason: unknown }): Html {
  return html`<dl>
    <dt>Received</dt>
    <dd>${m.receivedAt}</dd>
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
