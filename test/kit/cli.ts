import { runCli } from '../../src/cli/hub-cli';
import type { TestHub } from './test-hub';

/** Runs the operator CLI in-process, capturing what it prints. */
export async function hubCli(argv: string[], env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l), env });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** The environment a CLI run against a test hub's database and Redis needs. */
export const cliEnvOf = (h: TestHub): NodeJS.ProcessEnv => ({
  DATABASE_URL: h.env.databaseUrl,
  REDIS_URL: h.env.redisUrl,
  HUB_REDIS_PREFIX: h.env.redisPrefix,
  HUB_CONFIG_DIR: h.env.configDir,
  HUB_REFERENCE_DIR: h.env.referenceDir,
  HUB_SIGNING_KEY_FILE: h.env.signingKeyFile,
  HUB_SECRETS_KEY_FILE: h.env.secretsKeyFile,
  HUB_AUDIT_KEY_FILE: h.env.auditKeyFile,
  HUB_DB_APP_ROLE: h.env.dbAppRole ?? 'none',
  HUB_ALLOW_INSECURE_WEBHOOKS: 'true',
});
