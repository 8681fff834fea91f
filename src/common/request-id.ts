import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/** The header a caller (or a gateway in front of the hub) names its request with; echoed back. */
export const REQUEST_ID_HEADER = 'x-request-id';

/** Bounded and log-safe: no spaces, quotes or control characters can reach a log line. */
const SAFE_REQUEST_ID = /^[A-Za-z0-9._:@-]{1,128}$/;

/**
 * The request's id: the caller's `x-request-id` when it is safe to log, else a new UUID (not a
 * per-process counter, so ids from several pods never collide). Kept on the raw request too,
 * where the request logger (pino-http) takes it, so logs and the echoed header agree.
 */
export function requestIdOf(raw: { headers: IncomingHttpHeaders }): string {
  const given = raw.headers[REQUEST_ID_HEADER];
  const id = typeof given === 'string' && SAFE_REQUEST_ID.test(given) ? given : randomUUID();
  (raw as { id?: string }).id = id;
  return id;
}
