import { readdirSync, readFileSync } from 'node:fs';

/** CPU time (ms) a process and, optionally, its children (Postgres backends) have used so far. */
function cpuMs(pid: number, withChildren: boolean): number {
  const own = (p: number) => {
    try {
      const fields = readFileSync(`/proc/${p}/stat`, 'utf8').split(') ')[1].split(' ');
      return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime, in 100 Hz ticks
    } catch {
      return 0;
    }
  };
  let total = own(pid);
  if (withChildren) {
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const ppid = Number(readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1].split(' ')[1]);
        if (ppid === pid) total += own(Number(entry));
      } catch {
        // gone
      }
    }
  }
  return total;
}

/**
 * Where the two cores went during a step: each component's CPU time over the wall time, in %
 * of one core (200 % is the whole machine). Backends that exit mid-step are not counted.
 */
export class CpuSampler {
  private start = new Map<string, number>();
  private startedAt = 0;

  constructor(private readonly components: () => Record<string, { pid: number; children?: boolean }>) {}

  begin(): void {
    this.startedAt = Date.now();
    this.start = new Map(Object.entries(this.components()).map(([name, c]) => [name, cpuMs(c.pid, !!c.children)]));
  }

  end(): Record<string, number> {
    const wall = Date.now() - this.startedAt;
    return Object.fromEntries(
      Object.entries(this.components()).map(([name, c]) => [
        name,
        Math.round(((cpuMs(c.pid, !!c.children) - (this.start.get(name) ?? 0)) / wall) * 100),
      ]),
    );
  }
}
