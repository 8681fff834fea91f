import { ProblemException } from '../common/problem';

/**
 * The feed cursor: an opaque string to callers, a per-agency feed position inside. Positions
 * live in Postgres, so a cursor stays good across restarts and deployments.
 */
export function encodeFeedCursor(position: bigint): string {
  return Buffer.from(`f1:${position}`).toString('base64url');
}

/** Positions are Postgres bigints; a larger number would make the query fail (500). */
const MAX_POSITION = 9_223_372_036_854_775_807n;

export function decodeFeedCursor(cursor: string | undefined): bigint {
  if (cursor === undefined || cursor === '') return 0n;
  const text = /^[A-Za-z0-9_-]{1,40}$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString() : '';
  const m = /^f1:(\d{1,19})$/.exec(text);
  if (!m || BigInt(m[1]) > MAX_POSITION)
    throw new ProblemException('QUERY_PARAMETER_INVALID', 'after is not a cursor this feed issued', [
      { path: 'after', message: 'must be a nextCursor from an earlier page' },
    ]);
  return BigInt(m[1]);
}

export function parseFeedLimit(limit: string | undefined): number {
  if (limit === undefined) return 100;
  const n = Number(limit);
  if (!/^\d+$/.test(limit) || n < 1 || n > 500)
    throw new ProblemException('QUERY_PARAMETER_INVALID', 'limit must be an integer 1-500', [
      { path: 'limit', message: 'must be an integer 1-500' },
    ]);
  return n;
}
