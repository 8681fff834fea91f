import { Inject, Injectable } from '@nestjs/common';
import { decodeJwt, errors as joseErrors, jwtVerify } from 'jose';
import { HUB_ENVIRONMENT, type HubEnvironment } from '../../config/environment';
import { ProblemException } from '../common/problem';
import type { Caller, Scope } from './agency';
import { AgencyRegistry } from './agency-registry';
import { TokenReplayCache } from './token-replay-cache';

/** Accepted signature algorithms (api.md); anything else, including `none`, is refused. */
const ALGORITHMS = ['ES256', 'EdDSA', 'Ed25519'];
const MAX_TOKEN_LIFETIME_S = 600;
const CLOCK_TOLERANCE_S = 30;
/** How far ahead of the hub's clock a token's `iat` may be (api.md). */
const MAX_IAT_SKEW_S = 60;

const unauthorized = (detail: string) =>
  new ProblemException('UNAUTHENTICATED', detail, undefined, { headers: { 'www-authenticate': 'Bearer' } });

/** Verifies an agency's bearer JWT against that agency's own keys. */
@Injectable()
export class TokenVerifier {
  constructor(
    private readonly agencies: AgencyRegistry,
    @Inject(HUB_ENVIRONMENT) private readonly env: HubEnvironment,
    private readonly replays: TokenReplayCache,
  ) {}

  /**
   * `singleUse` (inbound writes): a token carrying a `jti` is good for one request; a replay is
   * 401. A token without `jti` is accepted (api.md does not require one) and relies on its
   * ten-minute life alone.
   */
  async verify(authorization: string | undefined, options: { singleUse?: boolean } = {}): Promise<Caller> {
    const match = /^Bearer ([A-Za-z0-9_\-.]+)$/.exec(authorization ?? '');
    if (!match) throw unauthorized('A bearer token is required');
    const token = match[1];

    let issuer: unknown;
    try {
      issuer = decodeJwt(token).iss;
    } catch {
      throw unauthorized('The token is not a JWT');
    }
    const agency = typeof issuer === 'string' ? this.agencies.find(issuer) : undefined;
    const keys = agency ? this.agencies.keySet(agency.id) : undefined;
    if (!agency || !keys) throw unauthorized('The token was not issued by a known agency');

    let payload;
    try {
      ({ payload } = await jwtVerify(token, keys, {
        issuer: agency.id,
        audience: this.env.audience,
        algorithms: ALGORITHMS,
        requiredClaims: ['exp', 'iat', 'sub'],
        clockTolerance: CLOCK_TOLERANCE_S,
      }));
    } catch (e) {
      const reason = e instanceof joseErrors.JWTExpired ? 'The token has expired' : 'The token could not be verified';
      throw unauthorized(reason);
    }
    if (typeof payload.sub !== 'string' || payload.sub.length === 0 || payload.sub.length > 200) {
      throw unauthorized('The token must name who is acting (sub)');
    }
    // Judged on the hub's clock as well as on `iat`: a token dated a year ahead with
    // exp = iat + 600 would otherwise live a year.
    const now = Math.floor(Date.now() / 1000);
    if (payload.iat! > now + MAX_IAT_SKEW_S) throw unauthorized('The token is issued in the future (iat)');
    if (
      payload.exp! - payload.iat! > MAX_TOKEN_LIFETIME_S ||
      payload.exp! - now > MAX_TOKEN_LIFETIME_S + MAX_IAT_SKEW_S
    ) {
      throw unauthorized('The token may live at most 10 minutes');
    }
    if (
      payload.jti !== undefined &&
      (typeof payload.jti !== 'string' || payload.jti.length === 0 || payload.jti.length > 200)
    ) {
      throw unauthorized('The token id (jti) must be text of at most 200 characters');
    }
    if (options.singleUse && payload.jti !== undefined) await this.consume(agency.id, payload.jti, payload.exp!);

    const requested = typeof payload.scope === 'string' ? (payload.scope.split(' ').filter(Boolean) as Scope[]) : [];
    const beyond = requested.filter((s) => !agency.scopes.includes(s));
    if (beyond.length) {
      throw new ProblemException('SCOPE_NOT_ALLOWED', `The agency may not hold the scope(s): ${beyond.join(', ')}`);
    }
    return { agency, sub: payload.sub, scopes: requested };
  }

  private async consume(agencyId: string, jti: string, exp: number): Promise<void> {
    let first: boolean;
    try {
      first = await this.replays.firstUse(agencyId, jti, (exp + CLOCK_TOLERANCE_S) * 1000 - Date.now());
    } catch {
      throw new ProblemException(
        'REPLAY_CHECK_UNAVAILABLE',
        'The token could not be checked for replay; try again',
        undefined,
        { headers: { 'retry-after': '5' } },
      );
    }
    if (!first) throw unauthorized('The token has already been used (jti)');
  }
}
