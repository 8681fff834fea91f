import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

/** Every `*.yaml` / `*.yml` file of a folder, parsed, in name order; a missing folder is empty. */
export function readYamlFolder(dir: string): { file: string; content: unknown }[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
  return names
    .filter((n) => /\.ya?ml$/.test(n))
    .sort()
    .map((n) => {
      const file = join(dir, n);
      try {
        return { file, content: parse(readFileSync(file, 'utf8')) as unknown };
      } catch (e) {
        throw new Error(`${file}: not valid YAML (${(e as Error).message.split('\n')[0]})`, { cause: e });
      }
    });
}
