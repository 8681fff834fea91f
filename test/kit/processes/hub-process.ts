import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { GiveUp, waitUntil } from './free-port';

/**
 * The built hub (`node dist/src/main.js`) as a real child process in one role, with its log in
 * a file. Killed with SIGKILL to test crashes (no graceful shutdown, jobs left locked).
 */
export class HubProcess {
  private child: ChildProcess | undefined;
  private log: WriteStream;
  private output = '';
  starts = 0;

  constructor(
    readonly role: 'api' | 'worker' | 'all',
    private readonly env: Record<string, string>,
    logDir: string,
    readonly port?: number,
    /** Extra node flags, e.g. `--cpu-prof` (not allowed in NODE_OPTIONS). */
    private readonly nodeArgs: string[] = [],
  ) {
    // One log per process: two of a role (a rolling restart) are told apart by their port.
    this.log = createWriteStream(join(logDir, `hub-${role}${port ? `-${port}` : ''}.log`), { flags: 'a' });
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  async start(timeoutMs = 30_000): Promise<this> {
    this.output = '';
    this.starts++;
    const child = spawn(process.execPath, [...this.nodeArgs, 'dist/src/main.js'], {
      env: {
        ...process.env,
        ...this.env,
        HUB_ROLE: this.role,
        ...(this.port ? { PORT: String(this.port) } : {}),
        // A worker's probe port: its own port when given, else any free one (never a fixed one two workers share).
        ...(this.role === 'worker' ? { HUB_HEALTH_PORT: String(this.port ?? 0) } : {}),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    for (const stream of [child.stdout!, child.stderr!]) {
      stream.on('data', (chunk: Buffer) => {
        this.log.write(chunk);
        if (this.output.length < 200_000) this.output += chunk.toString('utf8');
      });
    }
    const ready =
      this.role === 'worker' && !this.port
        ? () => this.output.includes('Hub worker started')
        : async () =>
            (await fetch(`${this.url}/health${this.role === 'worker' ? '/ready' : ''}`).catch(() => undefined))
              ?.status === 200;
    await waitUntil(
      `hub ${this.role} to start`,
      async () => {
        if (child.exitCode !== null) throw new GiveUp(`hub ${this.role} exited with ${child.exitCode}`);
        return ready();
      },
      timeoutMs,
      100,
    ).catch((e) => {
      throw new Error(`${(e as Error).message}\n${this.output.slice(-2000)}`);
    });
    return this;
  }

  /** Sends a signal and waits for the process to be gone. */
  async stop(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill(signal);
    });
  }

  close(): void {
    this.log.end();
  }
}
