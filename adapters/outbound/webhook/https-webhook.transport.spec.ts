import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpsWebhookTransport, parseRetryAfter } from './https-webhook.transport';

describe('HttpsWebhookTransport against a real local receiver', () => {
  let server: Server;
  let port: number;
  let lastBody = '';

  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => {
        lastBody = Buffer.concat(chunks).toString();
        if (req.url === '/busy') res.writeHead(503, { 'retry-after': '7' }).end();
        else if (req.url === '/moved') res.writeHead(302, { location: 'http://169.254.169.254/' }).end();
        else if (req.url === '/hang')
          return; // never answers
        else res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  const local = new HttpsWebhookTransport({ allowInternalAddresses: true });
  const send = (transport: HttpsWebhookTransport, url: string, timeoutMs = 2000) =>
    transport.send({ url, body: '{"a":1}', headers: { 'content-type': 'application/json' }, timeoutMs });

  it('posts the body and reports the status', async () => {
    expect(await send(local, `http://127.0.0.1:${port}/ok`)).toEqual({ kind: 'answered', status: 204 });
    expect(lastBody).toBe('{"a":1}');
  });

  it('reports Retry-After in milliseconds', async () => {
    expect(await send(local, `http://127.0.0.1:${port}/busy`)).toEqual({
      kind: 'answered',
      status: 503,
      retryAfterMs: 7000,
    });
  });

  it('does not follow a redirect (it could point inside the network)', async () => {
    expect(await send(local, `http://127.0.0.1:${port}/moved`)).toEqual({ kind: 'answered', status: 302 });
  });

  it('gives up on a receiver that hangs', async () => {
    expect(await send(local, `http://127.0.0.1:${port}/hang`, 300)).toEqual({
      kind: 'unreachable',
      reason: 'timed out',
    });
  });

  describe('when internal addresses are not allowed (production)', () => {
    const strict = new HttpsWebhookTransport({ allowInternalAddresses: false });

    it('refuses an internal address literal without connecting', async () => {
      lastBody = '';
      expect(await send(strict, `http://127.0.0.1:${port}/ok`)).toMatchObject({
        kind: 'unreachable',
        reason: expect.stringContaining('internal address'),
      });
      expect(lastBody).toBe('');
    });

    it('refuses loopback spelt as an IPv4-mapped IPv6 literal without connecting', async () => {
      lastBody = '';
      expect(await send(local, `http://[::ffff:127.0.0.1]:${port}/ok`)).toEqual({ kind: 'answered', status: 204 }); // it does reach loopback
      lastBody = '';
      expect(await send(strict, `http://[::ffff:127.0.0.1]:${port}/ok`)).toMatchObject({
        kind: 'unreachable',
        reason: expect.stringContaining('internal address'),
      });
      expect(lastBody).toBe('');
    });

    it('refuses a name that resolves to an internal address at connect time (DNS rebinding)', async () => {
      lastBody = '';
      expect(await send(strict, `http://localhost:${port}/ok`)).toEqual({
        kind: 'unreachable',
        reason: 'connection failed (EINTERNALADDRESS)',
      });
      expect(lastBody).toBe('');
    });
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates, caps at a day, ignores nonsense', () => {
    const now = Date.parse('2026-11-23T10:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Mon, 23 Nov 2026 10:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('999999', now)).toBe(86_400_000);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });
});
