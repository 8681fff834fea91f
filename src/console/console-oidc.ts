import { Inject, Injectable, Logger } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import * as oidc from 'openid-client';
import { HUB_ENVIRONMENT, type ConsoleOidcEnvironment, type HubEnvironment } from '../../config/environment';
import { AgencyRegistry } from '../auth/agency-registry';
import { readRoleMapping, rolesFromClaims, type ConsoleRoleMapping } from './console-roles';
import type { ConsolePerson, PendingSignIn } from './console-session-store';

/** What the identity provider told us about the person, ID token and userinfo claims merged. */
export type PersonClaims = Record<string, unknown> & { sub: string };

/** The sign-in failed at or after the provider: the visitor must start again. */
export class OidcSignInFailed extends Error {}

/**
 * The console's OpenID Connect relying party: authorization code flow with PKCE (S256), state
 * and nonce, via openid-client. The provider's tokens are used once, to read who signed in,
 * and are never kept.
 */
@Injectable()
export class ConsoleOidc {
  private readonly logger = new Logger(ConsoleOidc.name);
  private readonly settings: ConsoleOidcEnvironment | undefined;
  private readonly clientSecret: string | undefined;
  private readonly mapping: ConsoleRoleMapping | undefined;
  private configuration: Promise<oidc.Configuration> | undefined;

  constructor(@Inject(HUB_ENVIRONMENT) env: HubEnvironment, agencies: AgencyRegistry) {
    this.settings = env.consoleOidc;
    if (!this.settings) return;
    if (this.settings.clientSecretFile) this.clientSecret = readFileSync(this.settings.clientSecretFile, 'utf8').trim();
    this.mapping = readRoleMapping(env.consoleRolesFile);
    // Audit queries span every agency only for HUB_OPERATOR callers, as with operators' tokens.
    if (agencies.find(this.mapping.agency)?.kind !== 'HUB_OPERATOR') {
      throw new Error(
        `${env.consoleRolesFile}: agency: ${this.mapping.agency} must be a configured HUB_OPERATOR agency`,
      );
    }
  }

  get configured(): boolean {
    return this.settings !== undefined;
  }

  /** Where to send the browser, and what must be remembered until it comes back. */
  async begin(): Promise<{ url: string; pending: PendingSignIn }> {
    const config = await this.discover();
    const pending: PendingSignIn = {
      state: oidc.randomState(),
      nonce: oidc.randomNonce(),
      codeVerifier: oidc.randomPKCECodeVerifier(),
    };
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: this.settings!.redirectUrl,
      scope: this.settings!.scopes,
      response_type: 'code',
      code_challenge: await oidc.calculatePKCECodeChallenge(pending.codeVerifier),
      code_challenge_method: 'S256',
      state: pending.state,
      nonce: pending.nonce,
    });
    return { url: url.href, pending };
  }

  /** Redeems the code the provider sent back (query of `callbackUrl`) and reads the person's claims. */
  async finish(callbackUrl: URL, pending: PendingSignIn): Promise<PersonClaims> {
    try {
      const config = await this.discover();
      const tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
        pkceCodeVerifier: pending.codeVerifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
      const idClaims = tokens.claims()!;
      const userinfo = config.serverMetadata().userinfo_endpoint
        ? await oidc.fetchUserInfo(config, tokens.access_token, idClaims.sub)
        : {};
      return { ...userinfo, ...idClaims } as PersonClaims;
    } catch (e) {
      // The reason goes to the log (no tokens in it), the visitor just starts again.
      this.logger.warn(`OIDC sign-in refused: ${(e as Error).message}`);
      throw new OidcSignInFailed((e as Error).message);
    }
  }

  /** The person the claims describe, with the console roles the mapping gives them (maybe none). */
  person(claims: PersonClaims): ConsolePerson {
    const named = [claims.name, claims.preferred_username, claims.email].find((v) => typeof v === 'string' && v.trim());
    return {
      sub: claims.sub,
      displayName: ((named as string | undefined) ?? claims.sub).trim().slice(0, 200),
      agencyId: this.mapping!.agency,
      roles: rolesFromClaims(this.mapping!, claims),
      signedInWith: 'oidc',
    };
  }

  /** The provider's discovery document, read once (and again after a failure). */
  private discover(): Promise<oidc.Configuration> {
    const s = this.settings;
    if (!s) throw new Error('OIDC sign-in is not configured');
    this.configuration ??= oidc
      .discovery(
        new URL(s.issuer),
        s.clientId,
        this.clientSecret,
        this.clientSecret ? oidc.ClientSecretBasic(this.clientSecret) : oidc.None(),
        // Plain http is only accepted by the environment check for a loopback provider outside production.
        new URL(s.issuer).protocol === 'http:' ? { execute: [oidc.allowInsecureRequests] } : undefined,
      )
      .catch((e: unknown) => {
        this.configuration = undefined;
        throw e;
      });
    return this.configuration;
  }
}
