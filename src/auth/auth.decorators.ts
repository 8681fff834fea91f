import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { Caller, Scope } from './agency';

export const PUBLIC_ROUTE = 'hub:public';
export const REQUIRED_SCOPE = 'hub:scope';

/** A service endpoint that needs no token (health, metrics, docs, JWKS). */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

/** The scope a route needs; any one of several when more are given. */
export const RequireScope = (...scopes: Scope[]) => SetMetadata(REQUIRED_SCOPE, scopes);

/** The verified caller of the request. */
export const CurrentCaller = createParamDecorator((_data: unknown, ctx: ExecutionContext): Caller => {
  return ctx.switchToHttp().getRequest<{ caller: Caller }>().caller;
});
