import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeJwt } from 'jose';
import { chromium } from 'playwright-core';
import { stringify } from 'yaml';
import { EnvironmentError, loadEnvironment } from '../../config/environment';
import { courtExample } from '../kit/examples';
import { postCourtOutcome } from '../kit/http';
import {
  CookieJar,
  freePort,
  signInThroughProvider,
  startOidcProvider,
  type TestOidcProvider,
} from '../kit/oidc-provider';
import { startTestHub, type TestHub } from '../kit/test-hub';

const SESSION = '__Host-hub-session';

/** A console request as a browser on the hub's own page sends it (override headers to play an attacker). */
async function consoleFetch(
  hub: TestHub,
  path: string,
  options: { cookie?: string; form?: Record<string, string>; headers?: Record<string, string> } = {},
) {
  const headers: Record<string, string> = { ...(options.cookie ? { cookie: `${SESSION}=${options.cookie}` } : {}) };
  if (options.form)
    Object.assign(headers, {
      'content-type': 'application/x-www-form-urlencoded',
      origin: hub.url,
      'sec-fetch-site': 'same-origin',
    });
  for (const [name, value] of Object.entries(options.headers ?? {})) {
    if (value === '') delete headers[name];
    else headers[name] = value;
  }
  const response = await fetch(`${hub.url}${path}`, {
    method: options.form ? 'POST' : 'GET',
    redirect: 'manual',
    headers,
    body: options.form ? new URLSearchParams(options.form).toString() : undefined,
  });
  return {
    status: response.status,
    location: response.headers.get('location'),
    setCookies: response.headers.getSetCookie(),
    body: await response.text(),
  };
}

const csrfOf = (body: string) => /name="csrf" value="([^"]+)"/.exec(body)?.[1];
const sessionCookie = (setCookies: string[]) => setCookies.find((c) => c.startsWith(`${SESSION}=`));

describe('console sign-in through OpenID Connect, with opaque server-side sessions', () => {
  let provider: TestOidcProvider;
  let hub: TestHub;
  let dir: string;
  let quarantinedId: string;

  const signIn = async (login: string) => {
    const result = await signInThroughProvider(hub.url, login);
    return { ...result, session: result.jar.get(hub.url, SESSION) };
  };
  const reveals = async () =>
    (await hub.db.query(`SELECT actor_sub FROM audit_log WHERE operation = 'console.quarantine.reveal'`)).rows;

  beforeAll(async () => {
    const port = await freePort();
    const redirectUri = `http://127.0.0.1:${port}/console/sign-in/callback`;
    provider = await startOidcProvider({
      redirectUri,
      accounts: [
        { login: 'alice', name: 'Alice Operator', roles: ['hub-operators', 'staff'] },
        { login: 'ade', name: 'Ade Auditor', roles: ['hub-auditors'] },
        { login: 'bob', name: 'Bob Bystander', roles: ['staff'] },
      ],
    });
    dir = mkdtempSync(join(tmpdir(), 'console-oidc-'));
    writeFileSync(join(dir, 'client-secret'), provider.clientSecret);
    writeFileSync(
      join(dir, 'console-roles.yaml'),
      stringify({
        agency: 'hub.operators',
        claim: 'hub_roles',
        roles: { admin: ['hub-operators'], 'audit:read': ['hub-auditors', 'hub-operators'] },
      }),
    );
    hub = await startTestHub({
      env: {
        PORT: String(port),
        HUB_OIDC_ISSUER: provider.issuer,
        HUB_OIDC_CLIENT_ID: provider.clientId,
        HUB_OIDC_CLIENT_SECRET_FILE: join(dir, 'client-secret'),
        HUB_OIDC_REDIRECT_URL: redirectUri,
        HUB_CONSOLE_ROLES_FILE: join(dir, 'console-roles.yaml'),
      },
    });
    // A refused message for the console's one personal-data POST (reveal) to act on.
    const bad = courtExample('hearing-resulted-juvenile-community');
    bad.defendant.dateOfBirth = '2010-02-30';
    expect((await postCourtOutcome(hub, 'court.leeds-youth', bad)).status).toBe(422);
    quarantinedId = (await hub.db.query(`SELECT id FROM inbound_messages WHERE status = 'rejected'`)).rows[0].id;
  });

  afterAll(async () => {
    await hub?.close();
    await provider?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('signs an operator in with the code flow, maps the role claim, and audits the sign-in with their sub', async () => {
    const { status, body, session } = await signIn('alice');
    expect(status).toBe(200);
    expect(body).toContain('Signed in as Alice Operator');
    expect(session).toBeDefined();
    const overview = await consoleFetch(hub, '/console', { cookie: session });
    expect(overview.status).toBe(200);
    expect(overview.body).toContain('<h1>Overview</h1>');
    expect(overview.body).toContain('Signed in as Alice Operator (hub.operators)');
    expect((await consoleFetch(hub, '/console/audit', { cookie: session })).status).toBe(200);
    const { rows } = await hub.db.query(
      `SELECT agency_id, actor_sub, details FROM audit_log WHERE operation = 'console.signed-in'`,
    );
    expect(rows).toEqual([
      { agency_id: 'hub.operators', actor_sub: 'alice', details: { method: 'oidc', roles: ['admin', 'audit:read'] } },
    ]);
  });

  it('gives an auditor the audit pages only, and a person with no mapped role no session at all', async () => {
    const auditor = await signIn('ade');
    expect((await consoleFetch(hub, '/console/audit', { cookie: auditor.session })).status).toBe(200);
    const refused = await consoleFetch(hub, '/console/quarantine', { cookie: auditor.session });
    expect(refused.status).toBe(403);
    expect(refused.body).not.toContain('Quarantined messages');

    const bystander = await signIn('bob');
    expect(bystander.status).toBe(403);
    expect(bystander.body).toContain('holds no console role');
    expect(bystander.session).toBeUndefined();
    expect((await hub.db.query(`SELECT 1 FROM console_sessions WHERE sub = 'bob'`)).rowCount).toBe(0);
    for (const path of ['/console', '/console/quarantine', '/console/audit']) {
      expect(await consoleFetch(hub, path, { headers: { cookie: bystander.jar.header(hub.url) } })).toMatchObject({
        status: 303,
        location: '/console/sign-in',
      });
    }
  });

  it('sets the session cookie __Host-, Secure, HttpOnly, SameSite=Strict, Path=/, with no Domain', async () => {
    const { jar } = await signIn('alice');
    const cookie = sessionCookie(jar.setCookies)!;
    const attributes = cookie
      .split(';')
      .slice(1)
      .map((a) => a.trim().toLowerCase());
    expect(attributes).toEqual(expect.arrayContaining(['secure', 'httponly', 'samesite=strict', 'path=/']));
    expect(attributes.some((a) => a.startsWith('domain'))).toBe(false);
  });

  it('keeps only an opaque random id in the cookie: not a JWT, and not what the sessions table stores', async () => {
    const { session } = await signIn('alice');
    expect(session).toMatch(/^[A-Za-z0-9_-]{43}$/); // 256 bits, base64url
    expect(() => decodeJwt(session!)).toThrow();
    const { rows } = await hub.db.query(`SELECT row_to_json(s)::text AS row FROM console_sessions s`);
    expect(rows.length).toBeGreaterThan(0);
    for (const { row } of rows) {
      expect(row).not.toContain(session);
      expect(row).not.toContain(Buffer.from(session!).toString('hex'));
    }
  });

  it('revokes the session at sign-out: the old cookie no longer signs anyone in', async () => {
    const { session } = await signIn('alice');
    const page = await consoleFetch(hub, '/console', { cookie: session });
    const out = await consoleFetch(hub, '/console/sign-out', { cookie: session, form: { csrf: csrfOf(page.body)! } });
    expect(out).toMatchObject({ status: 303, location: '/console/sign-in' });
    expect(await consoleFetch(hub, '/console', { cookie: session })).toMatchObject({
      status: 303,
      location: '/console/sign-in',
    });
    expect(await consoleFetch(hub, `/console/quarantine/${quarantinedId}`, { cookie: session })).toMatchObject({
      status: 303,
      location: '/console/sign-in',
    });
    const { rows } = await hub.db.query(
      `SELECT count(*)::int AS n FROM console_sessions WHERE sub = 'alice' AND revoked_at IS NOT NULL`,
    );
    expect(rows[0].n).toBe(1);
  });

  it('refuses a console POST without the CSRF token, with a wrong one, or from another origin, and does nothing', async () => {
    const { session } = await signIn('alice');
    const masked = await consoleFetch(hub, `/console/quarantine/${quarantinedId}`, { cookie: session });
    const csrf = csrfOf(masked.body)!;
    expect(csrf).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const reveal = (form: Record<string, string>, headers: Record<string, string> = {}) =>
      consoleFetch(hub, `/console/quarantine/${quarantinedId}/reveal`, { cookie: session, form, headers });
    const justification = 'Checking the date of birth with the youth court';

    const attempts = [
      await reveal({ justification }),
      await reveal({ justification, csrf: 'x'.repeat(43) }),
      await reveal({ justification, csrf }, { origin: 'https://evil.example' }),
      await reveal({ justification, csrf }, { origin: 'null' }),
      await reveal({ justification, csrf }, { origin: '', 'sec-fetch-site': 'cross-site' }),
      await reveal({ justification, csrf }, { origin: '', 'sec-fetch-site': '' }),
    ];
    for (const attempt of attempts) {
      expect(attempt.status).toBe(403);
      expect(attempt.body).not.toContain('2010-02-30');
    }
    expect(await reveals()).toEqual([]);
    // A cross-site sign-out does not end the session either.
    expect(
      (
        await consoleFetch(hub, '/console/sign-out', {
          cookie: session,
          form: { csrf },
          headers: { origin: 'https://evil.example' },
        })
      ).status,
    ).toBe(403);
    expect((await consoleFetch(hub, '/console', { cookie: session })).status).toBe(200);

    // The same request from the hub's own page goes through (Origin, or Sec-Fetch-Site when Origin is absent).
    const allowed = await reveal({ justification, csrf });
    expect(allowed.status).toBe(200);
    expect(allowed.body).toContain('2010-02-30');
    expect((await reveal({ justification, csrf }, { origin: '' })).status).toBe(200);
    expect(await reveals()).toEqual([{ actor_sub: 'alice' }, { actor_sub: 'alice' }]);
  });

  it("signs in through the provider's own pages in a real browser, which keeps and sends the Strict cookie, and signs out", async () => {
    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    try {
      const page = await browser.newPage();
      page.setDefaultTimeout(10000); // fail within the test's own time, so the browser is closed
      await page.goto(`${hub.url}/console/quarantine`);
      await page.getByRole('link', { name: "Sign in with your organisation's account" }).click();
      await page.locator('input[name=login]').fill('alice');
      await page.locator('input[name=password]').fill('any');
      await page.getByRole('button', { name: 'Sign-in' }).click();
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.waitForURL(`${hub.url}/console`);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Overview');
      const cookie = (await page.context().cookies(hub.url)).find((c) => c.name === SESSION)!;
      expect(cookie).toMatchObject({ secure: true, httpOnly: true, sameSite: 'Strict', path: '/' });
      await page.getByRole('button', { name: 'Sign out' }).click();
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Sign in');
      expect(await consoleFetch(hub, '/console', { cookie: cookie.value })).toMatchObject({
        status: 303,
        location: '/console/sign-in',
      });
    } finally {
      await browser.close();
    }
  });

  it('offers no token sign-in unless HUB_CONSOLE_TOKEN_SIGN_IN=true', async () => {
    const token = await hub.token('hub.operators');
    for (const path of ['/console/sign-in/token', '/console/sign-in']) {
      const attempt = await consoleFetch(hub, path, { form: { token } });
      expect(attempt.status).toBe(404);
      expect(sessionCookie(attempt.setCookies)).toBeUndefined();
    }
    const form = await consoleFetch(hub, '/console/sign-in');
    expect(form.body).not.toContain('Agency token');
    expect(form.body).toContain('/console/sign-in/oidc');
  });

  it('refuses a callback that this browser did not start', async () => {
    const start = await consoleFetch(hub, '/console/sign-in/oidc');
    expect(start.status).toBe(303);
    // A sign-in started elsewhere (an attacker's code) arrives without this browser's sign-in cookie.
    const forged = await consoleFetch(
      hub,
      `/console/sign-in/callback?code=abc&state=${new URL(start.location!).searchParams.get('state')}`,
    );
    expect(forged.status).toBe(400);
    expect(sessionCookie(forged.setCookies)).toBeUndefined();
  });
});

describe('console token sign-in for tests and demos (HUB_CONSOLE_TOKEN_SIGN_IN=true)', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub({ env: { HUB_CONSOLE_TOKEN_SIGN_IN: 'true' } });
  });
  afterAll(async () => {
    await hub?.close();
  });

  it('checks the token once and opens the same opaque session: the token is in no cookie and no row', async () => {
    const token = await hub.token('hub.operators');
    const jar = new CookieJar();
    const response = await fetch(`${hub.url}/console/sign-in/token`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: hub.url },
      body: new URLSearchParams({ token }).toString(),
    });
    jar.store(hub.url, response);
    expect(response.status).toBe(303);
    const session = jar.get(hub.url, SESSION)!;
    expect(session).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(() => decodeJwt(session)).toThrow();
    for (const cookie of jar.setCookies) expect(cookie).not.toContain(token);
    expect(sessionCookie(jar.setCookies)).toMatch(/; Secure/i);
    const { rows } = await hub.db.query(`SELECT row_to_json(s)::text AS row FROM console_sessions s`);
    expect(rows).toHaveLength(1);
    expect(rows[0].row).not.toContain(token.split('.')[2]);
    expect(rows[0].row).not.toContain(session);
    const overview = await consoleFetch(hub, '/console', { cookie: session });
    expect(overview.status).toBe(200);
    expect(overview.body).toContain('Signed in as hub.operators:test-user (hub.operators)');
  });

  it('refuses a cross-site token sign-in, and a session idle too long', async () => {
    const token = await hub.token('hub.operators');
    const crossSite = await consoleFetch(hub, '/console/sign-in/token', {
      form: { token },
      headers: { origin: 'https://evil.example' },
    });
    expect(crossSite.status).toBe(403);
    expect(sessionCookie(crossSite.setCookies)).toBeUndefined();

    const signedIn = await consoleFetch(hub, '/console/sign-in/token', { form: { token } });
    const session = /^__Host-hub-session=([^;]+)/.exec(sessionCookie(signedIn.setCookies)!)![1];
    expect((await consoleFetch(hub, '/console', { cookie: session })).status).toBe(200);
    await hub.db.query(`UPDATE console_sessions SET last_seen_at = now() - interval '31 minutes'`);
    expect(await consoleFetch(hub, '/console', { cookie: session })).toMatchObject({
      status: 303,
      location: '/console/sign-in',
    });
  });

  it('says sign-in is not configured when neither OIDC nor token sign-in is set up', async () => {
    const plain = await startTestHub();
    try {
      const page = await consoleFetch(plain, '/console/sign-in');
      expect(page.body).toContain('Sign-in is not configured');
      expect(page.body).not.toContain('Agency token');
      expect((await consoleFetch(plain, '/console/sign-in/oidc')).status).toBe(404);
    } finally {
      await plain.close();
    }
  });
});

describe('console sign-in settings', () => {
  // In production the hub's three key files must be named too; given, so only the console's settings are judged.
  const productionKeys = {
    HUB_SIGNING_KEY_FILE: '/keys/signing.json',
    HUB_SECRETS_KEY_FILE: '/keys/secrets',
    HUB_AUDIT_KEY_FILE: '/keys/audit',
  };
  const problems = (env: Record<string, string>) => {
    try {
      loadEnvironment(env.NODE_ENV === 'production' ? { ...productionKeys, ...env } : env);
      return [];
    } catch (e) {
      if (!(e instanceof EnvironmentError)) throw e;
      return e.problems;
    }
  };

  it('refuses token sign-in in production', () => {
    expect(problems({ HUB_CONSOLE_TOKEN_SIGN_IN: 'true', NODE_ENV: 'production' })).toEqual([
      expect.stringContaining('HUB_CONSOLE_TOKEN_SIGN_IN'),
    ]);
    expect(problems({ HUB_CONSOLE_TOKEN_SIGN_IN: 'true' })).toEqual([]);
  });

  it('names each missing or unsafe OIDC setting', () => {
    expect(problems({ HUB_OIDC_ISSUER: 'https://login.example' })).toEqual([
      expect.stringContaining('HUB_OIDC_REDIRECT_URL'),
      expect.stringContaining('HUB_OIDC_CLIENT_ID'),
    ]);
    const http = {
      HUB_OIDC_ISSUER: 'http://login.example',
      HUB_OIDC_CLIENT_ID: 'hub',
      HUB_OIDC_REDIRECT_URL: 'https://hub.example/console/sign-in/callback',
    };
    expect(problems(http)).toEqual([expect.stringContaining('HUB_OIDC_ISSUER must be an https:// URL')]);
    expect(problems({ ...http, HUB_OIDC_ISSUER: 'http://127.0.0.1:4000', NODE_ENV: 'production' })).toEqual([
      expect.stringContaining('HUB_OIDC_ISSUER must be an https:// URL'),
    ]);
    expect(
      problems({
        ...http,
        HUB_OIDC_ISSUER: 'https://login.example',
        HUB_OIDC_REDIRECT_URL: 'https://hub.example/elsewhere',
      }),
    ).toEqual([expect.stringContaining('/console/sign-in/callback')]);
  });
});
