import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { pinoHttp } from 'pino-http';
import { requestLogOptions } from './request-log-options';

/** The request log's options on a plain server whose answer sets a cookie (the console's sign-in does). */
describe('requestLogOptions', () => {
  let server: Server;
  const lines: string[] = [];

  beforeAll(async () => {
    const stream = new Writable({ write: (chunk, _e, done) => (lines.push(String(chunk)), done()) });
    const log = pinoHttp({ ...requestLogOptions('info') }, stream);
    server = createServer((req, res) => {
      log(req, res);
      res.setHeader('set-cookie', 'hub_session=the-session-id; HttpOnly');
      res.end('ok');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('censors cookies both ways, the bearer token and the justification, and drops the query string', async () => {
    const { port } = server.address() as AddressInfo;
    await fetch(`http://127.0.0.1:${port}/v1/subjects?identifier=PNC:2004/0123456B`, {
      headers: {
        cookie: 'hub_session=the-session-id',
        authorization: 'Bearer eyJ.token.sig',
        'x-justification': 'about Mr Smith',
      },
    });
    await new Promise((r) => setImmediate(r));
    const entry = JSON.parse(lines.find((l) => l.includes('request completed'))!);
    expect(entry.req.url).toBe('/v1/subjects');
    expect(entry.req.query).toBeUndefined();
    expect(entry.req.headers).toMatchObject({
      cookie: '[Redacted]',
      authorization: '[Redacted]',
      'x-justification': '[Redacted]',
    });
    expect(entry.res.headers['set-cookie']).toBe('[Redacted]');
    expect(lines.join('')).not.toMatch(/the-session-id|2004\/0123456B|eyJ\.token|Mr Smith/);
  });
});
