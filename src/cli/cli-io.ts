/** Where a command writes, and the environment it reads; tests pass their own. */
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  env: NodeJS.ProcessEnv;
}

export interface CliCommand {
  name: string;
  summary: string;
  usage: string;
  /** Longer help: what it does and what its exit code means. */
  help: string;
  run(args: string[], io: CliIo): Promise<number>;
}

/** Exit codes: 0 all good; 1 the check found a problem; 2 wrong usage; 78 bad configuration (EX_CONFIG). */
export const EXIT = { ok: 0, failed: 1, usage: 2, config: 78 } as const;
