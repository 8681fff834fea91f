import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  copyFileSync,
  createWriteStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { Redis } from 'ioredis';
import pg from 'pg';
import { parse } from 'yaml';
import { buildContext, runtimeStage } from '../kit/docker-layout';
import { freePort, waitUntil } from '../kit/processes/free-port';

/**
 * Issue 21 item 6: the compose demo works from the image's file layout. The runtime stage's
 * files are laid out in a temporary directory as its COPY lines select them (the build context
 * through .dockerignore; dist and package.json from a fresh `npm run build`), then every
 * docker-compose.yml service built from the image runs its own command from there, with the
 * compose environment pointed at the local Postgres (a throwaway database) and Redis (a key
 * prefix of its own), until the demo's court outcomes are received and verified by both
 * receivers. Not the image itself: node_modules is linked from the checkout (dev dependencies
 * included, where the image has `npm prune --omit=dev`), and Node is this machine's.
 */

interface ComposeService {
  build?: unknown;
  command?: string[];
  environment?: Record<string, string>;
  volumes?: string[];
  ports?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
}

const ROOT = process.cwd();
const ADMIN_URL = process.env.HUB_TEST_ADMIN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const COURT_EVENTS = ['subject.created', 'conviction.recorded', 'order.made', 'order.discharged'];

describe('docker compose, run from the runtime image layout', () => {
  const work = mkdtempSync(join(tmpdir(), 'hub-compose-'));
  const app = join(work, 'app');
  const data = join(work, 'data');
  const logs = join(work, 'logs');
  const database = `hub_compose_${randomBytes(4).toString('hex')}`;
  const redisPrefix = `compose-${randomBytes(4).toString('hex')}`;
  const compose = parse(readFileSync('docker-compose.yml', 'utf8'), { merge: true }) as {
    services: Record<string, ComposeService>;
  };
  const services = Object.entries(compose.services).filter(([, s]) => s.build !== undefined);
  const children = new Map<string, ChildProcess>();
  const exits = new Map<string, number | null>();
  /** Compose's `service:port` addresses, each mapped to a free loopback port. */
  const ports = new Map<string, number>();
  let started = 0;

  beforeAll(async () => {
    started = Date.now();
    execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'ignore' });
    const stage = runtimeStage(readFileSync('Dockerfile', 'utf8'));
    const context = buildContext(ROOT);
    mkdirSync(app);
    mkdirSync(data);
    mkdirSync(logs);
    for (const copy of stage.copies) {
      for (const source of copy.sources) {
        const dest = copy.sources.length === 1 ? copy.dest : join(copy.dest, source);
        const target = resolve(app, dest.replace(/^\.\//, ''));
        if (copy.from === null) {
          // From the build context: only what .dockerignore lets in.
          const files = context.filter((f) => f === source || f.startsWith(`${source}/`));
          expect(files.length).toBeGreaterThan(0);
          for (const f of files) place(join(ROOT, f), join(target, f === source ? '' : f.slice(source.length + 1)));
        } else {
          // From the build stage (WORKDIR /app there): this checkout after `npm run build`.
          const built = join(ROOT, source.replace(/^\/app\/?/, ''));
          if (source.endsWith('node_modules')) symlinkSync(built, target);
          else if (source.endsWith('dist')) execFileSync('cp', ['-r', built, target]);
          else place(built, target);
        }
      }
    }
    expect(existsSync(join(app, 'config/demo/keys'))).toBe(false); // the image holds no private key

    for (const [name, s] of services) {
      const port = s.environment?.PORT;
      if (port) ports.set(`${name}:${port}`, await freePort());
    }
    const admin = new pg.Client({ connectionString: ADMIN_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${database}"`);
    await admin.end();
  }, 300_000);

  afterAll(async () => {
    for (const child of children.values()) if (child.exitCode === null) child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 1000));
    for (const child of children.values()) if (child.exitCode === null) child.kill('SIGKILL');
    const admin = new pg.Client({ connectionString: ADMIN_URL });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    await admin.end();
    const redis = new Redis(REDIS_URL);
    for (let cursor = '0'; ;) {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${redisPrefix}:*`, 'COUNT', 1000);
      if (keys.length) await redis.del(...keys);
      if ((cursor = next) === '0') break;
    }
    redis.disconnect();
    rmSync(work, { recursive: true, force: true });
  });

  /** A value from docker-compose.yml, pointed at this machine: container paths, hosts and ports. */
  const local = (value: string, service: string): string => {
    let out = value.replaceAll('/app/', `${app}/`).replaceAll('/data/', `${data}/`);
    for (const [address, port] of ports) {
      const [host, inner] = address.split(':');
      out = out.replaceAll(`//${address}`, `//127.0.0.1:${port}`);
      if (host === service) out = out.replaceAll(`127.0.0.1:${inner}`, `127.0.0.1:${port}`);
    }
    return out;
  };

  const environmentOf = (name: string, s: ComposeService): NodeJS.ProcessEnv => {
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries({ ...runtimeStage(readFileSync('Dockerfile', 'utf8')).env, ...s.environment }))
      env[k] = local(String(v), name);
    if (env.DATABASE_URL) env.DATABASE_URL = `${ADMIN_URL.replace(/\/[^/]*$/, '')}/${database}`;
    if (env.REDIS_URL) env.REDIS_URL = REDIS_URL;
    if (env.DATABASE_URL) env.HUB_REDIS_PREFIX = redisPrefix;
    if (env.PORT) env.PORT = String(ports.get(`${name}:${s.environment!.PORT}`));
    return { ...env, PATH: `${dirname(process.execPath)}:${process.env.PATH}`, HOME: work };
  };

  const start = (name: string, s: ComposeService) => {
    // A bind mount of the checkout (the demo keys) is what compose adds to the image for this service.
    for (const volume of s.volumes ?? []) {
      const [host, container] = volume.split(':');
      if (!host.startsWith('./')) continue;
      execFileSync('cp', ['-rn', join(ROOT, host), dirname(local(container + '/', name).replace(/\/$/, ''))]);
    }
    const [command, ...args] = s.command!.map((c) => local(c, name));
    const child = spawn(command, args, { cwd: app, env: environmentOf(name, s), stdio: ['ignore', 'pipe', 'pipe'] });
    const log = createWriteStream(join(logs, `${name}.log`));
    child.stdout!.pipe(log);
    child.stderr!.pipe(log);
    child.on('exit', (code) => exits.set(name, code));
    children.set(name, child);
  };

  const healthy = (name: string, s: ComposeService): boolean => {
    const [form, command, ...args] = s.healthcheck!.test;
    expect(form).toBe('CMD');
    return (
      spawnSync(
        command,
        args.map((a) => local(a, name)),
        { env: environmentOf(name, s), timeout: 5000 },
      ).status === 0
    );
  };

  const logTail = (name: string) => {
    const file = join(logs, `${name}.log`);
    return existsSync(file) ? readFileSync(file, 'utf8').slice(-3000) : '(no log)';
  };

  const ready = async (dependency: string, condition: string) => {
    const s = compose.services[dependency];
    if (s.build === undefined) return; // postgres and redis: the local ones, already up
    const what = `${dependency} to be ${condition}`;
    try {
      if (condition === 'service_healthy') await waitUntil(what, () => healthy(dependency, s), 120_000, 500);
      if (condition === 'service_completed_successfully') {
        await waitUntil(what, () => exits.has(dependency), 120_000, 500);
        expect(exits.get(dependency)).toBe(0);
      }
    } catch (e) {
      throw new Error(`${(e as Error).message}\n--- ${dependency} log ---\n${logTail(dependency)}`, { cause: e });
    }
  };

  it("starts every service in depends_on order, and both receivers get the demo's court outcomes, both signatures verified", async () => {
    expect(services.map(([n]) => n)).toEqual(
      expect.arrayContaining([
        'hub',
        'police-receiver',
        'probation-receiver',
        'demo',
        'pnc-simulator',
        'hmpo-simulator',
      ]),
    );
    const pending = new Map(services);
    while (pending.size) {
      const [name, s] = [...pending].find(([, x]) => Object.keys(x.depends_on ?? {}).every((d) => !pending.has(d)))!;
      for (const [dependency, { condition }] of Object.entries(s.depends_on ?? {})) await ready(dependency, condition);
      start(name, s);
      pending.delete(name);
    }
    const receivers = ['police-receiver', 'probation-receiver'].map((name) => ({
      name,
      url: `http://127.0.0.1:${ports.get(`${name}:${compose.services[name].environment!.PORT}`)}`,
    }));
    const received = async (url: string) =>
      (await (await fetch(`${url}/received`)).json()) as {
        event: { type: string };
        verification: { v1: string; v1a: string };
      }[];
    for (const r of receivers) {
      try {
        await waitUntil(
          `${r.name} to receive ${COURT_EVENTS.join(', ')}`,
          async () => {
            const types = new Set((await received(r.url)).map((x) => x.event.type));
            return COURT_EVENTS.every((t) => types.has(t));
          },
          90_000,
          500,
        );
      } catch (e) {
        throw new Error(
          `${(e as Error).message}\n--- ${r.name} ---\n${logTail(r.name)}\n--- hub ---\n${logTail('hub')}`,
          { cause: e },
        );
      }
      const all = await received(r.url);
      for (const x of all) expect(x.verification).toMatchObject({ v1: 'ok', v1a: 'ok' });
    }
    // The one-shot services finished their work (exit 0), as compose's `restart: "no"` expects.
    await ready('demo', 'service_completed_successfully');
    for (const [name, s] of services)
      if (s.command && (compose.services[name] as { restart?: string }).restart === 'no')
        await ready(name, 'service_completed_successfully');
    process.stdout.write(`compose layout run: ${Math.round((Date.now() - started) / 1000)} s including the build\n`);
  }, 300_000);
});

/** Copies one file, making its folders. */
function place(from: string, to: string): void {
  mkdirSync(dirname(to), { recursive: true });
  copyFileSync(from, to);
}
