import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { EnvironmentError, loadEnvironment } from '../../config/environment';
import { AgencyRegistry } from '../../src/auth/agency-registry';
import { HubSigningKey } from '../../src/auth/hub-signing-key';
import { SubscriptionSecrets } from '../../src/subscriptions/subscription-secrets';
import { buildContext, runtimeCopySources } from '../kit/docker-layout';

/** Security review item 4: demo keys are trusted only in demo mode, never shipped, never in production. */

/** A JSON file holding a private JWK (a `d` member), alone or in a `keys` list. */
function holdsPrivateJwk(file: string): boolean {
  if (!file.endsWith('.json')) return false;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return false;
  }
  const keys =
    json && typeof json === 'object' && Array.isArray((json as { keys?: unknown }).keys)
      ? (json as { keys: unknown[] }).keys
      : [json];
  return keys.some((k) => !!k && typeof k === 'object' && typeof (k as { d?: unknown }).d === 'string');
}

describe('the image', () => {
  const root = process.cwd();
  const context = buildContext(root);

  it('has a build context without any private key, so no stage can copy one', () => {
    expect(context).toContain('config/demo/jwks/police.west-yorkshire.jwks.json');
    expect(existsSync('config/demo/keys/police.west-yorkshire.private.jwk.json')).toBe(true);
    expect(context.filter((f) => /private\.jwk\.json$|(^|\/)\.hub-(signing|secrets)-key/.test(f))).toEqual([]);
    expect(context.filter(holdsPrivateJwk)).toEqual([]);
  });

  it('copies into the runtime stage nothing that is a private key', () => {
    const sources = runtimeCopySources(readFileSync('Dockerfile', 'utf8'));
    expect(sources).toEqual(expect.arrayContaining(['config', 'scripts']));
    const copied = context.filter((f) => sources.some((s) => f === s || f.startsWith(`${s}/`)));
    expect(copied).toContain('config/demo/agencies/police.west-yorkshire.yaml');
    expect(copied.filter((f) => f.endsWith('.private.jwk.json'))).toEqual([]);
    expect(copied.filter(holdsPrivateJwk)).toEqual([]);
  });

  it('gives docker compose the demo keys by a read-only mount, with HUB_DEMO=true', () => {
    const compose = readFileSync('docker-compose.yml', 'utf8');
    expect(compose).toMatch(/\.\/config\/demo\/keys:\/app\/config\/demo\/keys:ro/);
    expect(compose).toMatch(/HUB_DEMO: "true"/);
  });
});

describe('demo parties', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
  const keyFiles = () => {
    const dir = mkdtempSync(join(tmpdir(), 'hub-keys-'));
    dirs.push(dir);
    execFileSync('node', ['scripts/make-signing-key.mjs', join(dir, 'signing.json')]);
    execFileSync('node', ['scripts/make-secrets-key.mjs', join(dir, 'secrets')]);
    writeFileSync(join(dir, 'audit'), randomBytes(32).toString('base64'));
    return {
      HUB_SIGNING_KEY_FILE: join(dir, 'signing.json'),
      HUB_SECRETS_KEY_FILE: join(dir, 'secrets'),
      HUB_AUDIT_KEY_FILE: join(dir, 'audit'),
    };
  };

  it('load with HUB_DEMO=true and no HUB_CONFIG_DIR', () => {
    const env = loadEnvironment({ HUB_DEMO: 'true' });
    expect(env.configDir).toBe(join(process.cwd(), 'config/demo'));
    expect(new AgencyRegistry(env).find('hub.operators')).toBeDefined();
  });

  it('never load without HUB_DEMO: the default config holds no parties, and the demo folder is refused', () => {
    expect(() => new AgencyRegistry(loadEnvironment({}))).toThrow(/no agencies\. Set HUB_CONFIG_DIR/);
    expect(() => new AgencyRegistry(loadEnvironment({ HUB_CONFIG_DIR: 'config/demo' }))).toThrow(
      /hub\.operators\.yaml: jwks: holds a committed demo key/,
    );
  });

  it('stop a production hub even when copied under another name', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hub-config-'));
    dirs.push(dir);
    mkdirSync(join(dir, 'agencies'));
    copyFileSync('config/demo/jwks/hub.operators.jwks.json', join(dir, 'ops.json'));
    writeFileSync(
      join(dir, 'agencies', 'ops.yaml'),
      stringify({ id: 'ops.real', name: 'Ops', kind: 'HUB_OPERATOR', areas: [], jwks: '../ops.json' }),
    );
    const env = loadEnvironment({ NODE_ENV: 'production', HUB_CONFIG_DIR: dir, ...keyFiles() });
    expect(() => new AgencyRegistry(env)).toThrow(/ops\.yaml: jwks: holds a committed demo key/);
  });

  it('are refused with NODE_ENV=production whatever HUB_DEMO says', () => {
    expect(() => loadEnvironment({ NODE_ENV: 'production', HUB_DEMO: 'true', ...keyFiles() })).toThrow(
      /HUB_DEMO=true is refused with NODE_ENV=production/,
    );
  });
});

describe('the hub signing key in production', () => {
  it('is required as a file, with the script that makes one named', () => {
    let error: unknown;
    try {
      loadEnvironment({ NODE_ENV: 'production', HUB_CONFIG_DIR: 'somewhere' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(EnvironmentError);
    expect((error as EnvironmentError).problems.join('\n')).toMatch(
      /HUB_SIGNING_KEY_FILE is required in production.*scripts\/make-signing-key\.mjs/,
    );
    expect((error as EnvironmentError).problems.join('\n')).toMatch(
      /HUB_SECRETS_KEY_FILE is required in production.*scripts\/make-secrets-key\.mjs/,
    );
  });

  it('is never generated: a missing file stops the hub and stays missing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hub-keys-'));
    const file = join(dir, 'absent.json');
    const env = loadEnvironment({
      NODE_ENV: 'production',
      HUB_CONFIG_DIR: 'somewhere',
      HUB_SIGNING_KEY_FILE: file,
      HUB_SECRETS_KEY_FILE: file,
      HUB_AUDIT_KEY_FILE: file,
    });
    expect(() => new HubSigningKey(env)).toThrow(/never generates its signing key.*make-signing-key\.mjs/);
    expect(existsSync(file)).toBe(false);
    execFileSync('node', ['scripts/make-signing-key.mjs', file]);
    expect(new HubSigningKey(env).publicJwk).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA' });
    // Likewise the key sealing webhook secrets.
    const secretsFile = join(dir, 'secrets');
    expect(() => new SubscriptionSecrets({ ...env, secretsKeyFile: secretsFile })).toThrow(
      /never generates it.*make-secrets-key\.mjs/,
    );
    expect(existsSync(secretsFile)).toBe(false);
    execFileSync('node', ['scripts/make-secrets-key.mjs', secretsFile]);
    const secrets = new SubscriptionSecrets({ ...env, secretsKeyFile: secretsFile });
    expect(secrets.open('s-1', secrets.seal('s-1', 'whsec_abc'))).toBe('whsec_abc');
    rmSync(dir, { recursive: true, force: true });
  });
});
