import { Body, Controller, Get, Inject, NotFoundException, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { HUB_ENVIRONMENT, type HubEnvironment } from '../../config/environment';
import { Public } from '../auth/auth.decorators';
import { TokenVerifier } from '../auth/token-verifier';
import { AuditLog } from '../audit/audit-log';
import { ConsoleOidc, OidcSignInFailed } from './console-oidc';
import { CONSOLE_ROLES } from './console-roles';
import { ConsoleSessionStore } from './console-session-store';
import { ConsoleSession, CrossSiteRequestRefused } from './console-session';
import { html, type Html } from './html';
import { page } from './layout';
import { send } from './console-pages';

/**
 * Signing in and out of the console: the organisation's OpenID Connect provider, or (tests and
 * demos) an agency token, into an opaque server-side session.
 */
@ApiExcludeController()
@Public()
@Controller('console')
export class ConsoleSignInController {
  constructor(
    private readonly audit: AuditLog,
    @Inject(HUB_ENVIRONMENT) private readonly env: HubEnvironment,
    private readonly oidc: ConsoleOidc,
    private readonly session: ConsoleSession,
    private readonly store: ConsoleSessionStore,
    private readonly tokens: TokenVerifier,
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
