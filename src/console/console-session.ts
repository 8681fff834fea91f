import { Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Caller, Scope } from '../auth/agency';
import { TokenVerifier } from '../auth/token-verifier';

export const SESSION_COOKIE = 'hub_console';

/** Thrown to send the browser to the sign-in page (no or expired token). */
export class SignInRequired extends Error {}

/** Thrown when the signed-in agency lacks the scope a page needs. */
export class ConsoleForbidden extends Error {
  constructor(readonly scope: Scope) {
    super(`This page needs the ${scope} scope`);
  }
}

/**
 * The console signs people in with the same agency tokens as the API: no separate user store.
 * The token lives in an HttpOnly, SameSite=Strict cookie scoped to /console and is verified
 * on every request, so a session lasts exactly as long as the token (at most 10 minutes).
 */
@Injectable()
export class ConsoleSession {
  constructor(private readonly verifier: TokenVerifier) {}

  async caller(request: FastifyRequest, scope: Scope): Promise<Caller> {
    const token = request.cookies?.[SESSION_COOKIE];
    if (!token) throw new SignInRequired();
    let caller: Caller;
    try {
      caller = await this.verifier.verify(`Bearer ${token}`);
    } catch {
      throw new SignInRequired();
    }
    if (!caller.scopes.includes(scope)) throw new ConsoleForbidden(scope);
    return caller;
  }

  /** Verifies a pasted token; returns it with its caller, or null. */
  async signIn(token: string): Promise<Caller | null> {
    try {
      return await this.verifier.verify(`Bearer ${token.trim()}`);
    } catch {
      return null;
    }
  }

  setCookie(request: FastifyRequest, reply: FastifyReply, token: string): void {
    reply.setCookie(SESSION_COOKIE, token.trim(), { path: '/console', httpOnly: true, sameSite: 'strict', secure: request.protocol === 'https' });
  }

  clearCookie(reply: FastifyReply): void {
    reply.clearCookie(SESSION_COOKIE, { path: '/console' });
  }
}
