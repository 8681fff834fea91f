import { generateKeyPairSync } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import Provider from 'oidc-provider';

/** A person at the test identity provider; `roles` becomes the `hub_roles` claim. */
export interface TestAccount {
  login: string;
  name: string;
  roles: string[];
}

export interface TestOidcProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  close(): Promise<void>;
}

/**
 * A real OpenID Connect provider (oidc-provider, with its development login and consent pages)
 * on a loopback port, with one confidential client for the hub's console that must use PKCE.
 */
export async function startOidcProvider(options: {
  redirectUri: string;
  accounts: TestAccount[];
}): Promise<TestOidcProvider> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  const clientId = 'hub-console';
  const clientSecret = `secret-${Math.random().toString(36).slice(2)}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [options.redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    claims: { openid: ['sub'], profile: ['name', 'hub_roles'] },
    pkce: { required: () => true },
    cookies: { keys: ['test-provider-cookie-key'] },
    // Its own signing key and lifetimes, so it neither uses its shared development key nor warns about defaults.
    jwks: {
      keys: [
        {
          ...generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' }),
          kid: 'test-provider',
          use: 'sig',
        },
      ],
    },
    ttl: { AccessToken: 600, AuthorizationCode: 60, IdToken: 600, Interaction: 600, Session: 3600, Grant: 3600 },
    async findAccount(_ctx, id) {
      const account = options.accounts.find((a) => a.login === id);
      if (!account) return undefined;
      return { accountId: id, claims: async () => ({ sub: id, name: account.name, hub_roles: account.roles }) };
    },
  });
  server.on('request', provider.callback());
  return {
    issuer,
    clientId,
    clientSecret,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A port free just now, for a hub whose redirect URL must be known before it starts. */
export async function freePort(): Promise<number> {
  const probe = createNetServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/** Cookies per origin, as a browser would keep them (names and values only). */
export class CookieJar {
  private readonly jars = new Map<string, Map<string, string>>();
  /** Every Set-Cookie header seen, raw, for asserting attributes. */
  readonly setCookies: string[] = [];

  store(url: string, response: Response): void {
    const jar = this.jarFor(url);
    for (const header of response.headers.getSetCookie()) {
      this.setCookies.push(header);
      const [pair, ...attributes] = header.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a) || /^\s*expires=thu, 01 jan 1970/i.test(a));
      if (expired || value === '') jar.delete(name);
      else jar.set(name, value);
    }
  }

  header(url: string): string {
    return [...this.jarFor(url)].map(([n, v]) => `${n}=${v}`).join('; ');
  }

  get(url: string, name: string): string | undefined {
    return this.jarFor(url).get(name);
  }

  private jarFor(url: string): Map<string, string> {
    const origin = new URL(url).origin;
    if (!this.jars.has(origin)) this.jars.set(origin, new Map());
    return this.jars.get(origin)!;
  }
}

/**
 * Signs in at the hub's console the way a browser does: follows every redirect, fills the
 * provider's login and consent forms, and stops at the hub page that ends the sign-in.
 * Returns that last response (its body read) with the jar holding the hub's cookies.
 */
export async function signInThroughProvider(
  hubUrl: string,
  login: string,
  jar = new CookieJar(),
): Promise<{ status: number; url: string; body: string; jar: CookieJar }> {
  let url = `${hubUrl}/console/sign-in/oidc`;
  let init: RequestInit = { method: 'GET' };
  for (let step = 0; step < 20; step++) {
    const response = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers as Record<string, string>), cookie: jar.header(url) },
    });
    jar.store(url, response);
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      url = new URL(location, url).href;
      init = { method: 'GET' };
      continue;
    }
    const body = await response.text();
    const prompt = /name="prompt" value="(\w+)"/.exec(body)?.[1];
    const action = /<form[^>]*action="([^"]+)"/.exec(body)?.[1];
    if (url.startsWith(hubUrl) || !prompt || !action) return { status: response.status, url, body, jar };
    const form: Record<string, string> = prompt === 'login' ? { prompt, login, password: 'any' } : { prompt };
    url = new URL(action.replace(/&amp;/g, '&'), url).href;
    init = {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString(),
    };
  }
  throw new Error('The sign-in did not finish within 20 steps');
}
