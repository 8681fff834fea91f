import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { ProblemException } from '../common/problem';
import type { Caller, Scope } from './agency';
import { PUBLIC_ROUTE, REQUIRED_SCOPE } from './auth.decorators';
import { TokenVerifier } from './token-verifier';

/** Every route needs a verified agency token unless it is marked @Public(); deny by default. */
@Injectable()
export class AgencyAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: TokenVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest & { caller?: Caller }>();
    const required = this.reflector.getAllAndOverride<Scope[]>(REQUIRED_SCOPE, targets) ?? [];
    // A write is the one request a captured token must not be able to repeat.
    const caller = await this.verifier.verify(request.headers.authorization, {
      singleUse: required.includes('inbound:write'),
    });
    if (required.length && !required.some((s) => caller.scopes.includes(s))) {
      throw new ProblemException('SCOPE_REQUIRED', `This needs the scope ${required.join(' or ')}`);
    }
    request.caller = caller;
    return true;
  }
}
