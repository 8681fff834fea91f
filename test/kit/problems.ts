/**
 * The fields a problem's `errors` name, each once, in the order first named: a field failing
 * several rules has one `{ path, message }` entry per rule.
 */
export function fieldsNamed(problem: { errors?: { path: string }[] }): string[] {
  return [...new Set((problem.errors ?? []).map((e) => e.path))];
}
