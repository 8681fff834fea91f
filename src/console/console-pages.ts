import { Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Scope } from '../auth/agency';
import {
  ConsoleForbidden,
  ConsoleSession,
  CrossSiteRequestRefused,
  SignInRequired,
  type ConsoleCaller,
} from './console-session';
import { html, type Html } from './html';
import { page } from './layout';

const who = (c: ConsoleCaller) => `${c.displayName} (${c.agency.name})`;

/**
 * What every console page shares: signing the visitor in (or sending them to sign in), the
 * CSRF check, the layout, and the headers every page is sent with. Each page group is its own
 * controller (console-*.controller.ts); all are public to the API guard, since the console has
 * its own session.
 */
@Injectable()
export class ConsolePages {
  constructor(private readonly session: ConsoleSession) {}

  /**
   * Runs a page: signs the visitor in (or sends them to sign in), refuses a POST that is not
   * same-origin with the session's CSRF token before doing anything, renders, never leaks a stack trace.
   */
  async render(
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
}

export function send(reply: FastifyReply, status: number, body: Html): void {
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
