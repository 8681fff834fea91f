import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** How the Dockerfile and .dockerignore shape the image, read as Docker reads them (for the deploy tests). */

/** The files a `.dockerignore` lets into the build context (Docker's rules: last match wins, `!` re-includes). */
export function buildContext(root: string): string[] {
  const rules = readFileSync(join(root, '.dockerignore'), 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => ({ include: l.startsWith('!'), pattern: toRegExp(l.replace(/^!/, '').replace(/^\/|\/$/g, '')) }));
  const excluded = (path: string) => {
    // A pattern excludes the path itself or any folder above it.
    const candidates = path.split('/').map((_, i, parts) => parts.slice(0, i + 1).join('/'));
    let out = false;
    for (const rule of rules) if (candidates.some((c) => rule.pattern.test(c))) out = !rule.include;
    return out;
  };
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = join(dir, name);
      const path = relative(root, full);
      if (name === 'node_modules' || name === '.git' || excluded(path)) continue;
      if (statSync(full).isDirectory()) walk(full);
      else files.push(path);
    }
  };
  walk(root);
  return files;
}

function toRegExp(pattern: string): RegExp {
  const source = pattern
    .split(/(\*\*\/?|\*|\?)/)
    .map((part) =>
      part.startsWith('**')
        ? '(.*/)?'
        : part === '*'
          ? '[^/]*'
          : part === '?'
            ? '[^/]'
            : part.replace(/[.+^${}()|[\]\\]/g, '\\$&'),
    )
    .join('');
  return new RegExp(`^${source}$`);
}

/** Source paths of the runtime stage's COPY lines that read the build context (not --from). */
export function runtimeCopySources(dockerfile: string): string[] {
  return runtimeStage(dockerfile)
    .copies.filter((c) => c.from === null)
    .flatMap((c) => c.sources);
}

export interface CopyLine {
  /** The stage copied from (`--from=`), or null for the build context. */
  from: string | null;
  sources: string[];
  dest: string;
}

/** The runtime (last) stage: its COPY lines, ENV settings and WORKDIR, in order. */
export function runtimeStage(dockerfile: string): { copies: CopyLine[]; env: Record<string, string>; workdir: string } {
  const stages = dockerfile.split(/^FROM /m);
  const lines = stages[stages.length - 1].split('\n').map((l) => l.trim());
  const copies: CopyLine[] = [];
  const env: Record<string, string> = {};
  let workdir = '/';
  for (const line of lines) {
    if (/^COPY\s/.test(line)) {
      const from = /--from=(\S+)/.exec(line)?.[1] ?? null;
      const parts = line
        .replace(/^COPY\s+(--\S+\s+)*/, '')
        .trim()
        .split(/\s+/);
      copies.push({ from, sources: parts.slice(0, -1), dest: parts[parts.length - 1] });
    } else if (/^ENV\s/.test(line)) {
      for (const m of line.replace(/^ENV\s+/, '').matchAll(/(\w+)=("[^"]*"|\S+)/g))
        env[m[1]] = m[2].replace(/^"|"$/g, '');
    } else if (/^WORKDIR\s/.test(line)) {
      workdir = line.replace(/^WORKDIR\s+/, '').trim();
    }
  }
  return { copies, env, workdir };
}
