import type { Options } from 'pino-http';

/**
 * What request logs may never hold: credentials (bearer tokens, the console's session cookie,
 * the cookies the hub sets) and the justification officers type. Censored, not dropped, so a
 * reader still sees that the header was sent.
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-justification"]',
  'res.headers["set-cookie"]',
];

/** The path alone: query strings carry identifiers (`?identifier=PNC:...`) and must stay out of logs. */
export function withoutQuery(url: unknown): unknown {
  return typeof url === 'string' ? url.split('?')[0] : url;
}

/** pino-http options for the hub's request log: redacted, no query strings, no health probes. */
export function requestLogOptions(level: string): Options {
  return {
    level,
    redact: REDACTED_PATHS,
    serializers: {
      req: ({ query: _query, ...req }: Record<string, unknown>) => ({ ...req, url: withoutQuery(req.url) }),
    },
    autoLogging: {
      ignore: (req) =>
        withoutQuery(req.url) === '/metrics' || /^\/health(\/|$)/.test(String(withoutQuery(req.url) ?? '')),
    },
  };
}
