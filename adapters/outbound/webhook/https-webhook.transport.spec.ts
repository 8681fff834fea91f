import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHmac } from 'node:crypto';
import { HttpsWebhookTransport, parseRetryAfter, webhookOutcome } from './https-webhook.transport';

describe('HttpsWebhookTransport against a real local receiver', () => {
  let server: Server;
  let port: number;
  let lastBody = '';
  let lastHeaders: Record<string, string | string[] | undefined> = {};

  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => {
        lastBody = Buffer.concat(chunks).toString();
        lastHeaders = req.headers;
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

  const local = new HttpsWebhookTransport({ allowInternalAddresses: true, timeoutMs: 2000 });
  const send = (transport: HttpsWebhookTransport, url: string, timeoutMs = 2000) =>
    transport.post({ url, body: '{"a":1}', headers: { 'content-type': 'application/json' }, timeoutMs });

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

  describe('send: one signed attempt of a delivery', () => {
    const signing = new HttpsWebhookTransport({
      allowInternalAddresses: true,
      timeoutMs: 2000,
      hubKey: { sign: (data) => `ed25519(${data.length})` },
    });
    const secret = `whsec_${Buffer.from('a secret of sixteen+').toString('base64')}`;
    const attempt = (path: string, secrets = [secret]) =>
      signing.send({
        deliveryId: 'd-1',
        agencyId: 'police',
        target: `http://127.0.0.1:${port}${path}`,
        body: '{"a":1}',
        subscriptionSecrets: secrets,
        traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
      });

    it('posts the body with Standard Webhooks headers and the trace, and reports it delivered', async () => {
      expect(await attempt('/ok')).toEqual({ outcome: 'delivered', statusCode: 204 });
      expect(lastBody).toBe('{"a":1}');
      expect(lastHeaders['webhook-id']).toBe('d-1');
      expect(lastHeaders['content-type']).toBe('application/cloudevents+json');
      expect(lastHeaders.traceparent).toBe('00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01');
      const timestamp = lastHeaders['webhook-timestamp'] as string;
      const signed = `d-1.${timestamp}.{"a":1}`;
      const hmac = createHmac('sha256', Buffer.from('a secret of sixteen+')).update(signed).digest('base64');
      expect(lastHeaders['webhook-signature']).toBe(`v1a,ed25519(${signed.length}) v1,${hmac}`);
    });

    it('during a secret rotation signs with each secret, the new one first', async () => {
      const previous = `whsec_${Buffer.from('the previous secret').toString('base64')}`;
      await attempt('/ok', [secret, previous]);
      const signed = `d-1.${lastHeaders['webhook-timestamp'] as string}.{"a":1}`;
      const hmacWith = (key: string) => createHmac('sha256', Buffer.from(key)).update(signed).digest('base64');
      expect(lastHeaders['webhook-signature']).toBe(
        `v1a,ed25519(${signed.length}) v1,${hmacWith('a secret of sixteen+')} v1,${hmacWith('the previous secret')}`,
      );
    });

    it('asks for a retry at the time the receiver named', async () => {
      expect(await attempt('/busy')).toEqual({
        outcome: 'retry',
        reason: 'receiver answered 503',
        statusCode: 503,
        afterMs: 7000,
      });
    });
  });

  describe('when internal addresses are not allowed (production)', () => {
    const strict = new HttpsWebhookTransport({ allowInternalAddresses: false, timeoutMs: 2000 });

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

describe("webhookOutcome: the receiver's HTTP answer as a delivery outcome (api.md)", () => {
  it('any 2xx is delivered', () => {
    expect(webhookOutcome({ kind: 'answered', status: 200 })).toEqual({ outcome: 'delivered', statusCode: 200 });
    expect(webhookOutcome({ kind: 'answered', status: 299 })).toEqual({ outcome: 'delivered', statusCode: 299 });
  });

  it('410 is gone: the subscription no longer exists at the receiver', () => {
    expect(webhookOutcome({ kind: 'answered', status: 410 })).toEqual({
      outcome: 'gone',
      reason: 'receiver answered 410 Gone',
      statusCode: 410,
    });
  });

  it('other 4xx are permanent, except 408 and 429', () => {
    expect(webhookOutcome({ kind: 'answered', status: 400 })).toEqual({
      outcome: 'permanent',
      reason: 'receiver refused it permanently (400)',
      statusCode: 400,
    });
    expect(webhookOutcome({ kind: 'answered', status: 408 })).toMatchObject({ outcome: 'retry', statusCode: 408 });
    expect(webhookOutcome({ kind: 'answered', status: 429, retryAfterMs: 5000 })).toEqual({
      outcome: 'retry',
      reason: 'receiver answered 429',
      statusCode: 429,
      afterMs: 5000,
    });
  });

  it('5xx, a redirect and no answer at all are retried', () => {
    expect(webhookOutcome({ kind: 'answered', status: 500 })).toEqual({
      outcome: 'retry',
      reason: 'receiver answered 500',
      statusCode: 500,
    });
    expect(webhookOutcome({ kind: 'answered', status: 302 })).toMatchObject({ outcome: 'retry', statusCode: 302 });
    expect(webhookOutcome({ kind: 'unreachable', reason: 'timed out' })).toEqual({
      outcome: 'retry',
      reason: 'timed out',
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
