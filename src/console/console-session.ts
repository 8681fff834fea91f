import { Inject, Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { timingSafeEqual } from 'node:crypto';
import { HUB_ENVIRONMENT, type HubEnvironment } from '../../config/environment';
import type { Caller, Scope } from '../auth/agency';
import { AgencyRegistry } from '../auth/agency-registry';
import { ConsoleSessionStore, type ConsolePerson } from './console-session-store';
import { fromOwnOrigin } from './same-origin';

/**
 * The session cookie holds only a random id; the session itself is a row in Postgres.
 * `__Host-` makes the browser insist on Secure, Path=/ and no Domain, so no sibling host can
 * set or read it.
 */
export const SESSION_COOKIE = '__Host-hub-session';
/**
 * Ties an OIDC sign-in in flight to the browser that started it (against login CSRF). Lax, not
 * Strict: it must come back on the provider's cross-site redirect to the callback.
 */
export const SIGN_IN_COOKIE = '__Host-hub-sign-in';
/** The hidden form field every console POST carries. */
export const CSRF_FIELD = 'csrf';

/** Thrown to send the browser to the sign-in page (no, expired, idle or revoked session). */
export class SignInRequired extends Error {}

/** Thrown when the signed-in person lacks the role a page needs. */
export class ConsoleForbidden extends Error {
  constructor(readonly scope: Scope) {
    super(`This page needs the ${scope} role`);
  }
}

/** Thrown when a POST did not come from the hub's own page in this session: nothing is done. */
export class CrossSiteRequestRefused extends Error {
  constructor(reason: string) {
    super(`The request was refused (${reason}); nothing was changed. Go back, reload the page and try again.`);
  }
}

/** A console visitor: a caller like the API's (for audit and services), plus the session's CSRF token. */
export interface ConsoleCaller extends Caller {
  displayName: string;
  csrfToken: string;
}

@Injectable()
export class ConsoleSession {
  constructor(
    private readonly store: ConsoleSessionStore,
    private readonly agencies: AgencyRegistry,
    @Inject(HUB_ENVIRONMENT) private readonly env: HubEnvironment,
  ) {}

  /** The signed-in visitor, if they hold `scope`; a POST must also pass the same-origin and CSRF checks. */
  async caller(request: FastifyRequest, scope: Scope): Promise<ConsoleCaller> {
    const id = request.cookies?.[SESSION_COOKIE];
    const session = id ? await this.store.touch(id) : null;
    const agency = session ? this.agencies.find(session.agencyId) : undefined;
    if (!session || !agency) throw new SignInRequired();
    if (request.method === 'POST') this.checkPost(request, session.csrfToken);
    if (!session.roles.includes(scope)) throw new ConsoleForbidden(scope);
    return {
      agency,
      sub: session.sub,
      scopes: session.roles,
      displayName: session.displayName,
      csrfToken: session.csrfToken,
    };
  }

  /** Opens a session for a person just signed in and gives the browser its cookie (never a token). */
  async open(reply: FastifyReply, person: ConsolePerson): Promise<void> {
    const id = await this.store.open(person);
    reply.setCookie(SESSION_COOKIE, id, {
      ...hostOnly,
      sameSite: 'strict',
      maxAge: Math.floor(this.env.consoleSessionLifetimeMs / 1000),
    });
  }

  /** Revokes the session (its cookie is worthless from now on, wherever a copy of it is). */
  async signOut(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const id = request.cookies?.[SESSION_COOKIE];
    const session = id ? await this.store.touch(id) : null;
    if (session) {
      this.checkPost(request, session.csrfToken);
      await this.store.revoke(id!);
    }
    reply.clearCookie(SESSION_COOKIE, { ...hostOnly, sameSite: 'strict' });
  }

  /** Same origin only, for the POSTs made before a session exists (token sign-in). */
  checkOrigin(request: FastifyRequest): void {
    if (!fromOwnOrigin(request.headers, this.ownOrigin(request)))
      throw new CrossSiteRequestRefused('it did not come from the console’s own page');
  }

  setSignInCookie(reply: FastifyReply, handle: string): void {
    reply.setCookie(SIGN_IN_COOKIE, handle, { ...hostOnly, sameSite: 'lax', maxAge: 600 });
  }

  takeSignInCookie(request: FastifyRequest, reply: FastifyReply): string | undefined {
    reply.clearCookie(SIGN_IN_COOKIE, { ...hostOnly, sameSite: 'lax' });
    return request.cookies?.[SIGN_IN_COOKIE];
  }

  private checkPost(request: FastifyRequest, csrfToken: string): void {
    this.checkOrigin(request);
    const sent = (request.body as Record<string, unknown> | undefined)?.[CSRF_FIELD];
    if (typeof sent !== 'string' || !sameSecret(sent, csrfToken))
      throw new CrossSiteRequestRefused('the form’s security token was missing or wrong');
  }

  /**
   * The hub's public origin: that of its OIDC redirect URL when there is one; otherwise (token
   * sign-in for tests and demos) the address the browser used, which a cross-site page cannot forge.
   */
  private ownOrigin(request: FastifyRequest): string {
    if (this.env.consoleOidc) return new URL(this.env.consoleOidc.redirectUrl).origin;
    return `${request.protocol}://${request.host}`;
  }
}

/** Secure always (browsers accept it on http://localhost too), HttpOnly, whole host, no Domain. */
const hostOnly = { path: '/', secure: true, httpOnly: true } as const;

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
