import { execFileSync } from 'node:child_process';
import { chownSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort, waitUntil } from './free-port';

/** PostgreSQL binaries: the newest installed major, else whatever is on PATH. */
function pgBin(name: string): string {
  try {
    const versions = execFileSync('ls', ['/usr/lib/postgresql'])
      .toString()
      .trim()
      .split(/\s+/)
      .sort((a, b) => Number(b) - Number(a));
    if (versions[0]) return `/usr/lib/postgresql/${versions[0]}/bin/${name}`;
  } catch {
    // fall through
  }
  return name;
}

/** initdb refuses root: run the server tools as the `postgres` system user when we are root. */
function run(cmd: string, args: string[]): string {
  const asRoot = process.getuid?.() === 0;
  return execFileSync(asRoot ? 'runuser' : cmd, asRoot ? ['-u', 'postgres', '--', cmd, ...args] : args, {
    stdio: ['ignore', 'pipe', 'pipe'],
  }).toString();
}

/**
 * A throwaway PostgreSQL cluster of our own on a spare port, so fault tests can crash and
 * restart it without touching the machine's shared server.
 */
export class OwnPostgres {
  readonly dir = mkdtempSync(join(tmpdir(), 'hub-own-pg-'));
  port = 0;

  async start(): Promise<this> {
    if (process.getuid?.() === 0)
      chownSync(
        this.dir,
        Number(execFileSync('id', ['-u', 'postgres']).toString()),
        Number(execFileSync('id', ['-g', 'postgres']).toString()),
      );
    run(pgBin('initdb'), ['-D', join(this.dir, 'data'), '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--no-sync']);
    this.port = await freePort();
    await this.boot();
    return this;
  }

  private async boot(): Promise<void> {
    const options = `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c max_connections=200 -c shared_buffers=128MB`;
    run(pgBin('pg_ctl'), [
      '-D',
      join(this.dir, 'data'),
      '-o',
      options,
      '-l',
      join(this.dir, 'server.log'),
      '-w',
      '-t',
      '60',
      'start',
    ]);
    await waitUntil(
      'own Postgres to accept connections',
      async () => {
        const c = new pg.Client({ connectionString: this.url('postgres') });
        await c.connect();
        await c.end();
        return true;
      },
      30_000,
    );
  }

  /** The postmaster's pid (its backends are its children). */
  get pid(): number {
    return Number(readFileSync(join(this.dir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0]);
  }

  url(database: string): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  async createDatabase(name: string): Promise<string> {
    const c = new pg.Client({ connectionString: this.url('postgres') });
    await c.connect();
    await c.query(`CREATE DATABASE "${name}"`);
    await c.end();
    return this.url(name);
  }

  /** A crash (`immediate`: no checkpoint, recovery on start) or a clean stop, then start again. */
  async restart(mode: 'immediate' | 'fast' = 'immediate', downMs = 0): Promise<void> {
    this.stop(mode);
    if (downMs) await new Promise((r) => setTimeout(r, downMs));
    await this.boot();
  }

  stop(mode: 'immediate' | 'fast' = 'fast'): void {
    try {
      run(pgBin('pg_ctl'), ['-D', join(this.dir, 'data'), '-m', mode, '-w', 'stop']);
    } catch {
      // already stopped
    }
  }

  destroy(): void {
    this.stop('immediate');
    rmSync(this.dir, { recursive: true, force: true });
  }
}
