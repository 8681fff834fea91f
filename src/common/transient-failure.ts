/** Postgres SQLSTATE classes and codes that mean "the database is briefly away", not "your request is wrong". */
const TRANSIENT_SQLSTATES = /^(08|57P0[1-3]|53300)/;
const TRANSIENT_NODE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN']);
const TRANSIENT_MESSAGES =
  /Connection terminated|connection timeout|Connection is closed|Stream isn't writeable|timeout exceeded when trying to connect/i;

/**
 * Whether an error is Postgres or Redis being briefly unreachable (a restart, a failover). The
 * caller may simply retry (inbound messages are idempotent by key): 503 with Retry-After,
 * not a 500 that suggests a bug.
 */
export function isTransientFailure(e: unknown): boolean {
  for (let current: unknown = e, depth = 0; current && typeof current === 'object' && depth < 4; depth++) {
    const { code, message } = current as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && (TRANSIENT_NODE_CODES.has(code) || TRANSIENT_SQLSTATES.test(code))) return true;
    if (typeof message === 'string' && TRANSIENT_MESSAGES.test(message)) return true;
    current =
      (current as { driverError?: unknown; cause?: unknown }).driverError ?? (current as { cause?: unknown }).cause;
  }
  return false;
}
