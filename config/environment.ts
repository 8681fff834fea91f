import { resolve } from 'node:path';

/** The hub's process roles: the HTTP API, the background workers, or both in one process. */
export type HubRole = 'api' | 'worker' | 'all';

/** Typed, validated process environment. Built once at start; a bad variable stops the hub. */
export interface HubEnvironment {
  databaseUrl: string;
  /** The login that runs migrations (owner of the schema); unset: DATABASE_URL's. */
  migrationDatabaseUrl: string;
  /** The role the hub's runtime connections act as (SET ROLE at connect); null: the login's own. */
  dbAppRole: string | null;
  /** HMAC key of the audit chain, outside the database; unset outside production: generated. */
  auditKeyFile: string | undefined;
  /** NODE_ENV=production: keys must be provided as files, never generated; no demo parties. */
  production: boolean;
  redisUrl: string;
  /** Prefix for every Redis key (BullMQ queues), so several hubs or test runs can share one Redis. */
  redisPrefix: string;
  configDir: string;
  referenceDir: string;
  port: number;
  role: HubRole;
  audience: string;
  signingKeyFile: string | undefined;
  allowInsecureWebhooks: boolean;
  /** Delays between webhook attempts, in ms; the last failure after the schedule dead-letters. */
  retryScheduleMs: number[];
  webhookTimeoutMs: number;
  /** After a webhook secret is rotated, how long the old one goes on signing beside the new one. */
  secretRotationOverlapMs: number;
  /** How often the outbox relay polls when idle. */
  relayIntervalMs: number;
  /** How often the hub's clocks (deadlines, unacknowledged events) are checked. */
  clockIntervalMs: number;
  /** The PNC-like service checks ask upstream; unset: upstream checks are off (answers say degraded). */
  pncUrl: string | undefined;
  /** HMPO's passport watchlist service; unset: lodgements wait, listed as outstanding. */
  hmpoUrl: string | undefined;
  /** BullMQ job lock: how soon a job held by a dead worker is taken up again (stalled check). */
  queueLockMs: number;
  /** Failed webhook attempts in a row, with no success between, after which the agency is told its endpoint is failing. */
  failingAfterAttempts: number;
  /** How often the relay checks for work Redis may have lost. */
  sweepIntervalMs: number;
  /** Open work untouched this long is checked against Redis and re-added if its job is gone. */
  lostAfterMs: number;
  logLevel: string;
  /** The worker's probe and metrics port (the API serves them on PORT). */
  healthPort: number;
  /** Postgres: connections per process, the longest a statement may run (0: no limit), TLS. */
  databasePoolSize: number;
  databaseStatementTimeoutMs: number;
  /** A CA bundle file: Postgres over TLS with the server certificate verified against it. */
  databaseCaFile: string | undefined;
  /** How the hub reaches Redis: one server (REDIS_URL), Sentinel, or Cluster. */
  redisTopology: RedisTopology;
  /** How often the workers walk the audit chains for the hub_audit_verify_ok metric; 0: never. */
  auditVerifyIntervalMs: number;
  /** HUB_DEMO=true: the demo parties of config/demo (and their committed keys) may load. */
  demo: boolean;
  /** AES-256 key (32 bytes, base64) sealing webhook secrets at rest; generated outside production when unset. */
  secretsKeyFile: string | undefined;
  /** Whole request (headers and body) must arrive within this, or the connection is cut (408). */
  requestTimeoutMs: number;
  /** A socket silent this long is closed. */
  connectionTimeoutMs: number;
  /** An idle keep-alive connection is closed after this; above any load balancer's idle timeout. */
  keepAliveTimeoutMs: number;
  /** The address integrators reach the API at, for the OpenAPI `servers`; unset: relative `/`. */
  publicUrl: string | undefined;
  /** The console's identity provider; unset: OIDC sign-in is not configured. */
  consoleOidc: ConsoleOidcEnvironment | undefined;
  /** Which identity-provider claim values give which console roles (read when OIDC is configured). */
  consoleRolesFile: string;
  /** Token sign-in to the console, for tests and demos only; refused in production. */
  consoleTokenSignIn: boolean;
  /** A console session ends after this long without a request... */
  consoleIdleTimeoutMs: number;
  /** ...and at the latest this long after sign-in. */
  consoleSessionLifetimeMs: number;
}

export interface ConsoleOidcEnvironment {
  /** Issuer identifier; its discovery document is read at the first sign-in. */
  issuer: string;
  clientId: string;
  /** The client secret is read from this file; unset: a public client (PKCE only). */
  clientSecretFile: string | undefined;
  /** Where the provider sends the browser back: the hub's `/console/sign-in/callback`. */
  redirectUrl: string;
  scopes: string;
}

/** Sentinel and Cluster take `host:port` lists; REDIS_URL still gives the password, TLS (rediss:) and db. */
export type RedisTopology =
  | { mode: 'standalone' }
  | { mode: 'sentinel'; sentinels: { host: string; port: number }[]; masterName: string }
  | { mode: 'cluster'; nodes: { host: string; port: number }[] };

export class EnvironmentError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid environment:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** Retry for 72 h and a little more (Standard Webhooks' example schedule, compressible in tests). */
export const DEFAULT_RETRY_SCHEDULE = '5s,5m,30m,2h,5h,10h,14h,20h,24h';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

function parseDurationList(value: string): number[] | undefined {
  const parts = value.split(',').map((p) => p.trim());
  const out: number[] = [];
  for (const part of parts) {
    const m = /^(\d+)(ms|s|m|h)$/.exec(part);
    if (!m) return undefined;
    out.push(Number(m[1]) * UNIT_MS[m[2]]);
  }
  return out.length ? out : undefined;
}

function isUrlWithProtocol(value: string, protocols: string[]): boolean {
  try {
    return protocols.includes(new URL(value).protocol);
  } catch {
    return false;
  }
}

/** Reads and validates the environment, naming every bad variable at once. */
export function loadEnvironment(env: NodeJS.ProcessEnv = process.env): HubEnvironment {
  const problems: string[] = [];
  const str = (name: string, fallback?: string): string => {
    const v = env[name];
    return v === undefined || v === '' ? (fallback ?? '') : v;
  };

  const databaseUrl = str('DATABASE_URL', 'postgres://postgres@127.0.0.1:5432/hub');
  if (!isUrlWithProtocol(databaseUrl, ['postgres:', 'postgresql:'])) {
    problems.push('DATABASE_URL must be a postgres:// URL');
  }
  const migrationDatabaseUrl = str('HUB_MIGRATION_DATABASE_URL', databaseUrl);
  if (!isUrlWithProtocol(migrationDatabaseUrl, ['postgres:', 'postgresql:']))
    problems.push('HUB_MIGRATION_DATABASE_URL must be a postgres:// URL');
  const dbAppRole = str('HUB_DB_APP_ROLE', 'hub_app');
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(dbAppRole))
    problems.push('HUB_DB_APP_ROLE must be a role name (lower case letters, digits, _) or none');
  const production = env.NODE_ENV === 'production';
  if (production && !env.HUB_AUDIT_KEY_FILE)
    problems.push(
      'HUB_AUDIT_KEY_FILE must be set in production: the file holding the audit chain key (HMAC), kept outside the database',
    );
  const redisUrl = str('REDIS_URL', 'redis://127.0.0.1:6379');
  if (!isUrlWithProtocol(redisUrl, ['redis:', 'rediss:'])) problems.push('REDIS_URL must be a redis:// URL');

  const portText = str('PORT', '3000');
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535) problems.push(`PORT must be an integer 0-65535 (got "${portText}")`);

  const role = str('HUB_ROLE', 'all');
  if (!['api', 'worker', 'all'].includes(role)) problems.push(`HUB_ROLE must be api, worker or all (got "${role}")`);

  const audience = str('HUB_AUDIENCE', 'information-sharing-hub');
  const insecure = str('HUB_ALLOW_INSECURE_WEBHOOKS', 'false');
  if (!['true', 'false'].includes(insecure)) problems.push('HUB_ALLOW_INSECURE_WEBHOOKS must be true or false');

  const scheduleText = str('HUB_RETRY_SCHEDULE', DEFAULT_RETRY_SCHEDULE);
  const retryScheduleMs = parseDurationList(scheduleText);
  if (!retryScheduleMs) problems.push('HUB_RETRY_SCHEDULE must be a comma list of durations like 5s,5m,2h');

  const timeoutText = str('HUB_WEBHOOK_TIMEOUT_MS', '15000');
  if (!/^\d+$/.test(timeoutText)) problems.push('HUB_WEBHOOK_TIMEOUT_MS must be an integer');
  const relayText = str('HUB_RELAY_INTERVAL_MS', '200');
  if (!/^\d+$/.test(relayText)) problems.push('HUB_RELAY_INTERVAL_MS must be an integer');

  const clockText = str('HUB_CLOCK_INTERVAL_MS', '60000');
  if (!/^\d+$/.test(clockText) || Number(clockText) < 10)
    problems.push('HUB_CLOCK_INTERVAL_MS must be an integer of at least 10');

  const pncUrl = str('PNC_URL');
  if (pncUrl && !isUrlWithProtocol(pncUrl, ['http:', 'https:'])) problems.push('PNC_URL must be an http(s) URL');
  const publicUrl = str('HUB_PUBLIC_URL');
  if (publicUrl && !isUrlWithProtocol(publicUrl, ['http:', 'https:']))
    problems.push('HUB_PUBLIC_URL must be an http(s) URL');
  const hmpoUrl = str('HMPO_URL');
  if (hmpoUrl && !isUrlWithProtocol(hmpoUrl, ['http:', 'https:'])) problems.push('HMPO_URL must be an http(s) URL');
  const integerAtLeast = (name: string, fallback: string, min: number): number => {
    const text = str(name, fallback);
    if (!/^\d+$/.test(text) || Number(text) < min) problems.push(`${name} must be an integer of at least ${min}`);
    return Number(text);
  };
  const queueLockMs = integerAtLeast('HUB_QUEUE_LOCK_MS', '30000', 1000);
  const sweepIntervalMs = integerAtLeast('HUB_SWEEP_INTERVAL_MS', '5000', 100);
  const lostAfterMs = integerAtLeast('HUB_LOST_AFTER_MS', '60000', 1000);
  const failingAfterAttempts = integerAtLeast('HUB_FAILING_AFTER_ATTEMPTS', '5', 1);

  const redisPrefix = str('HUB_REDIS_PREFIX', 'hub');
  // `{name}` is a Redis Cluster hash tag: every key of the hub lands in one slot, as BullMQ's scripts need.
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(redisPrefix) && !/^\{[A-Za-z0-9_-]{1,62}\}$/.test(redisPrefix)) {
    problems.push(
      'HUB_REDIS_PREFIX must be 1-64 letters, digits, _ or -, or such a name in braces ({hub}) for Redis Cluster',
    );
  }
  const redisTopology = parseRedisTopology(
    str('REDIS_MODE', 'standalone'),
    str('REDIS_NODES'),
    str('REDIS_SENTINEL_MASTER', 'mymaster'),
    problems,
  );
  if (redisTopology.mode === 'cluster' && !redisPrefix.startsWith('{')) {
    problems.push('HUB_REDIS_PREFIX must be a hash tag in braces (like {hub}) when REDIS_MODE=cluster');
  }

  const healthPortText = str('HUB_HEALTH_PORT', '9464');
  if (!/^\d+$/.test(healthPortText) || Number(healthPortText) > 65535)
    problems.push(`HUB_HEALTH_PORT must be an integer 0-65535 (got "${healthPortText}")`);
  const databasePoolSize = integerAtLeast('DATABASE_POOL_SIZE', '20', 1);
  const databaseStatementTimeoutMs = integerAtLeast('DATABASE_STATEMENT_TIMEOUT_MS', '60000', 0);
  const databaseCaFile = str('DATABASE_CA_FILE') || undefined;
  const auditVerifyIntervalMs = integerAtLeast('HUB_AUDIT_VERIFY_INTERVAL_MS', '3600000', 0);

  const consoleOidc = readConsoleOidc(str, production, problems);
  const tokenSignIn = str('HUB_CONSOLE_TOKEN_SIGN_IN', 'false');
  if (!['true', 'false'].includes(tokenSignIn)) problems.push('HUB_CONSOLE_TOKEN_SIGN_IN must be true or false');
  if (tokenSignIn === 'true' && production)
    problems.push('HUB_CONSOLE_TOKEN_SIGN_IN=true is for tests and demos only, refused when NODE_ENV=production');
  const singleDuration = (name: string, fallback: string): number => {
    const parsed = parseDurationList(str(name, fallback));
    if (!parsed || parsed.length !== 1 || parsed[0] < 1000)
      problems.push(`${name} must be one duration of at least 1s, like 30m or 8h`);
    return parsed?.[0] ?? 0;
  };
  const consoleIdleTimeoutMs = singleDuration('HUB_CONSOLE_IDLE_TIMEOUT', '30m');
  const secretRotationOverlapMs = singleDuration('HUB_SECRET_ROTATION_OVERLAP', '24h');
  const consoleSessionLifetimeMs = singleDuration('HUB_CONSOLE_SESSION_LIFETIME', '8h');
  const demoText = str('HUB_DEMO', 'false');
  if (!['true', 'false'].includes(demoText)) problems.push('HUB_DEMO must be true or false');
  const demo = demoText === 'true';
  if (demo && production) problems.push('HUB_DEMO=true is refused with NODE_ENV=production: the demo keys are public');
  const signingKeyFile = env.HUB_SIGNING_KEY_FILE || undefined;
  if (production && !signingKeyFile) {
    problems.push(
      'HUB_SIGNING_KEY_FILE is required in production: the ed25519 key that signs deliveries (make one with `node scripts/make-signing-key.mjs <file>`)',
    );
  }
  const secretsKeyFile = env.HUB_SECRETS_KEY_FILE || undefined;
  if (production && !secretsKeyFile) {
    problems.push(
      'HUB_SECRETS_KEY_FILE is required in production: the key sealing webhook secrets at rest (make one with `node scripts/make-secrets-key.mjs <file>`)',
    );
  }
  const requestTimeoutMs = integerAtLeast('HUB_REQUEST_TIMEOUT_MS', '30000', 100);
  const connectionTimeoutMs = integerAtLeast('HUB_CONNECTION_TIMEOUT_MS', '90000', 100);
  const keepAliveTimeoutMs = integerAtLeast('HUB_KEEP_ALIVE_TIMEOUT_MS', '72000', 100);

  if (problems.length) throw new EnvironmentError(problems);
  // Unset: the demo parties with HUB_DEMO=true, else ./config, which ships none (so a
  // deployment must name its own).
  const configDir = resolve(str('HUB_CONFIG_DIR', demo ? './config/demo' : './config'));
  return {
    databaseUrl,
    migrationDatabaseUrl,
    dbAppRole: dbAppRole === 'none' ? null : dbAppRole,
    auditKeyFile: env.HUB_AUDIT_KEY_FILE || undefined,
    production,
    redisUrl,
    redisPrefix,
    configDir,
    referenceDir: resolve(str('HUB_REFERENCE_DIR', './config/reference')),
    port,
    role: role as HubRole,
    audience,
    signingKeyFile,
    allowInsecureWebhooks: insecure === 'true',
    retryScheduleMs: retryScheduleMs!,
    webhookTimeoutMs: Number(timeoutText),
    secretRotationOverlapMs,
    relayIntervalMs: Number(relayText),
    clockIntervalMs: Number(clockText),
    pncUrl: pncUrl ? pncUrl.replace(/\/+$/, '') : undefined,
    hmpoUrl: hmpoUrl ? hmpoUrl.replace(/\/+$/, '') : undefined,
    publicUrl: publicUrl ? publicUrl.replace(/\/+$/, '') : undefined,
    queueLockMs,
    failingAfterAttempts,
    sweepIntervalMs,
    lostAfterMs,
    logLevel: str('LOG_LEVEL', 'info'),
    demo,
    secretsKeyFile,
    requestTimeoutMs,
    connectionTimeoutMs,
    keepAliveTimeoutMs,
    consoleOidc,
    consoleRolesFile: resolve(str('HUB_CONSOLE_ROLES_FILE', `${configDir}/console-roles.yaml`)),
    consoleTokenSignIn: tokenSignIn === 'true',
    consoleIdleTimeoutMs,
    consoleSessionLifetimeMs,
    healthPort: Number(healthPortText),
    databasePoolSize,
    databaseStatementTimeoutMs,
    databaseCaFile: databaseCaFile ? resolve(databaseCaFile) : undefined,
    redisTopology,
    auditVerifyIntervalMs,
  };
}

/**
 * The console's OpenID Connect client: all of issuer, client id and redirect URL, or none.
 * Plain http only to a loopback address outside production (the tests' own provider).
 */
function readConsoleOidc(
  str: (name: string, fallback?: string) => string,
  production: boolean,
  problems: string[],
): ConsoleOidcEnvironment | undefined {
  const issuer = str('HUB_OIDC_ISSUER');
  const clientId = str('HUB_OIDC_CLIENT_ID');
  const redirectUrl = str('HUB_OIDC_REDIRECT_URL');
  const clientSecretFile = str('HUB_OIDC_CLIENT_SECRET_FILE') || undefined;
  if (!issuer && !clientId && !redirectUrl && !clientSecretFile) return undefined;
  const before = problems.length;
  const acceptable = (name: string, value: string) => {
    if (!value) return problems.push(`${name} is required when the console signs in through OpenID Connect`);
    if (isUrlWithProtocol(value, ['https:'])) return;
    if (!production && isUrlWithProtocol(value, ['http:']) && isLoopback(new URL(value).hostname)) return;
    problems.push(`${name} must be an https:// URL (http:// only to a loopback address, outside production)`);
  };
  acceptable('HUB_OIDC_ISSUER', issuer);
  acceptable('HUB_OIDC_REDIRECT_URL', redirectUrl);
  if (!clientId) problems.push('HUB_OIDC_CLIENT_ID is required when the console signs in through OpenID Connect');
  if (
    redirectUrl &&
    isUrlWithProtocol(redirectUrl, ['http:', 'https:']) &&
    new URL(redirectUrl).pathname !== '/console/sign-in/callback'
  ) {
    problems.push('HUB_OIDC_REDIRECT_URL must end in /console/sign-in/callback');
  }
  if (problems.length > before) return undefined;
  return { issuer, clientId, clientSecretFile, redirectUrl, scopes: str('HUB_OIDC_SCOPES', 'openid profile') };
}

function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

/** Where the key sealing webhook secrets is generated when HUB_SECRETS_KEY_FILE is unset outside production (git-ignored). */
export const GENERATED_SECRETS_KEY_FILE = '.hub-secrets-key';

function parseRedisTopology(mode: string, nodesText: string, masterName: string, problems: string[]): RedisTopology {
  if (mode === 'standalone') return { mode };
  if (mode !== 'sentinel' && mode !== 'cluster') {
    problems.push(`REDIS_MODE must be standalone, sentinel or cluster (got "${mode}")`);
    return { mode: 'standalone' };
  }
  const nodes = nodesText
    .split(',')
    .map((n) => n.trim())
    .filter(Boolean)
    .map((n) => /^([A-Za-z0-9.-]+|\[[0-9a-fA-F:]+\]):(\d{1,5})$/.exec(n));
  if (!nodes.length || nodes.some((n) => !n)) {
    problems.push(`REDIS_NODES must be a comma list of host:port when REDIS_MODE=${mode}`);
    return { mode: 'standalone' };
  }
  const addresses = nodes.map((n) => ({ host: n![1].replace(/^\[|\]$/g, ''), port: Number(n![2]) }));
  if (mode === 'cluster') return { mode, nodes: addresses };
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(masterName))
    problems.push('REDIS_SENTINEL_MASTER must be 1-64 letters, digits, ., _ or -');
  return { mode, sentinels: addresses, masterName };
}

/** DI token for the environment. */
export const HUB_ENVIRONMENT = Symbol('HUB_ENVIRONMENT');
