import { ProblemException } from './problem';

/** The query parameter that turns an inbound push into a rehearsal (api.md, docs/adr/0020-dry-run.md). */
export const DRY_RUN_PARAMETER = 'dryRun';

/**
 * Whether a request asked for a dry run: `true` or `false`, nothing else, so a typo
 * (`dryRun=yes`) is refused instead of being taken, and stored, for real.
 */
export function dryRunRequested(value: unknown): boolean {
  if (value === undefined || value === 'false') return false;
  if (value === 'true') return true;
  throw new ProblemException('QUERY_PARAMETER_INVALID', 'dryRun must be true or false', [
    { path: DRY_RUN_PARAMETER, message: 'must be true or false' },
  ]);
}

/** The same reading for counting (never throws): the request's query, as Fastify parsed it. */
export function isDryRunQuery(query: unknown): boolean {
  return (query as Record<string, unknown> | undefined)?.[DRY_RUN_PARAMETER] === 'true';
}
