import { createServer, type Server, type Socket } from 'node:net';
import request from 'supertest';
import { courtExample } from '../kit/examples';
import { postCourtOutcome } from '../kit/http';
import { startTestHub, type TestHub } from '../kit/test-hub';
import { webhookDns, type ResolvedAddress } from '../../src/common/webhook-url-policy';

/**
 * Webhook URLs may reach only public (global unicast) addresses, whatever spelling the address
 * takes (security review item 3), checked when subscribing and again on the address each
 * delivery actually connects to. This hub runs as in production: HUB_ALLOW_INSECURE_WEBHOOKS off.
 */
describe('webhook URLs cannot reach inside the network (SSRF)', () => {
  let hub: TestHub;
  const systemLookup = webhookDns.lookup;
  /** Names this test's name server answers; anything else goes to the system resolver. */
  const dns = new Map<string, ResolvedAddress[]>();

  beforeAll(async () => {
    webhookDns.lookup = async (hostname) => dns.get(hostname) ?? systemLookup(hostname);
    hub = await startTestHub({ env: { HUB_ALLOW_INSECURE_WEBHOOKS: 'false' } });
  });

  afterAll(async () => {
    await hub?.close();
    webhookDns.lookup = systemLookup;
  });

  const subscribe = async (url: string) =>
    request(hub.url)
      .post('/v1/subscriptions')
      .set('authorization', `Bearer ${await hub.token('police.west-yorkshire')}`)
      .send({ eventTypes: ['conviction.recorded'], delivery: { mode: 'webhook', url } });

  const hostile = [
    // from the review
    'https://[::ffff:127.0.0.1]:8443/hook',
    'https://[::ffff:a9fe:a9fe]/latest/meta-data',
    'https://[::7f00:1]/hook',
    'https://[64:ff9b::7f00:1]/hook',
    'https://[64:ff9b::a00:1]/hook',
    'https://198.18.0.1/hook',
    'https://198.19.255.254/hook',
    'https://224.0.0.1/hook',
    'https://[ff02::1]/hook',
    'https://255.255.255.255/hook',
    'https://240.0.0.1/hook',
    // other spellings of loopback and metadata addresses
    'https://2130706433/hook',
    'https://0x7f.1/hook',
    'https://0177.0.0.1/hook',
    'https://127.1/hook',
    'https://[::1]/hook',
    'https://[0:0:0:0:0:0:0:1]/hook',
    'https://[::]/hook',
    'https://0.0.0.0/hook',
    'https://0/hook',
    'https://169.254.169.254/latest/meta-data',
    'https://[fe80::1]/hook',
    'https://[::ffff:0:7f00:1]/hook',
    'https://[2002:7f00:1::]/hook',
    'https://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/hook',
    'https://[64:ff9b:1::7f00:1]/hook',
    // private, shared and reserved ranges
    'https://10.0.0.1/hook',
    'https://172.16.0.1/hook',
    'https://192.168.1.1/hook',
    'https://100.64.0.1/hook',
    'https://100.127.255.254/hook',
    'https://192.0.0.8/hook',
    'https://192.0.2.1/hook',
    'https://[fc00::1]/hook',
    'https://[fd12:3456::1]/hook',
    'https://[fec0::1]/hook',
    'https://[2001:db8::1]/hook',
    'https://[100::1]/hook',
    // names that are, or resolve to, loopback
    'https://localhost/hook',
    'https://localhost./hook',
    'https://api.localhost/hook',
    'https://loopback-mapped.test/hook',
    'https://half-internal.test/hook',
  ];

  it.each(hostile)('refuses %s when subscribing, naming delivery.url (422)', async (url) => {
    dns.set('loopback-mapped.test', [{ address: '::ffff:7f00:1', family: 6 }]);
    dns.set('half-internal.test', [
      { address: '93.184.215.14', family: 4 },
      { address: '10.1.2.3', family: 4 },
    ]);
    const res = await subscribe(url);
    expect(res.status).toBe(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.errors).toEqual([{ path: 'delivery.url', message: expect.stringMatching(/public|resolve/) }]);
  });

  it.each(hostile)("refuses %s when changing a subscription's URL (PATCH), as when subscribing", async (url) => {
    const made = await subscribe('https://93.184.215.14/hook');
    expect(made.status).toBe(201);
    const res = await request(hub.url)
      .patch(`/v1/subscriptions/${made.body.id}`)
      .set('authorization', `Bearer ${await hub.token('police.west-yorkshire')}`)
      .send({ delivery: { url } });
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([{ path: 'delivery.url', message: expect.stringMatching(/public|resolve/) }]);
    const { rows } = await hub.db.query(`SELECT url FROM subscriptions WHERE id = $1`, [made.body.id]);
    expect(rows[0].url).toBe('https://93.184.215.14/hook');
  });

  it.each([
    'https://93.184.215.14/hook',
    'https://[2606:4700:4700::1111]/hook',
    'https://[64:ff9b::5db8:d70e]/hook',
    'https://[::ffff:93.184.215.14]/hook',
  ])('accepts the public address %s', async (url) => {
    expect((await subscribe(url)).status).toBe(201);
  });

  it('refuses plain http when insecure webhooks are off', async () => {
    const res = await subscribe('http://93.184.215.14/hook');
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([{ path: 'delivery.url', message: 'must be an https URL' }]);
  });

  it('never connects when a name that was public at subscribe time resolves to loopback at delivery (DNS rebinding); retried, then dead-lettered', async () => {
    // A real listener on every local address of this port: it counts connections, TLS or not.
    const sockets: Socket[] = [];
    const listener: Server = createServer((socket) => {
      sockets.push(socket);
      socket.destroy();
    });
    await new Promise<void>((r) => listener.listen(0, '::', r));
    const port = (listener.address() as { port: number }).port;
    try {
      dns.set('rebind.test', [{ address: '93.184.215.14', family: 4 }]);
      const sub = await subscribe(`https://rebind.test:${port}/hook`);
      expect(sub.status).toBe(201);

      // The name server now answers with loopback, in the spelling the old filter missed.
      dns.set('rebind.test', [{ address: '::ffff:7f00:1', family: 6 }]);
      const posted = await postCourtOutcome(hub, 'court.leeds-crown', courtExample('hearing-resulted-shpo'));
      expect(posted.status).toBe(202);

      const deadline = Date.now() + 15_000;
      let delivery: Record<string, any> | undefined;
      while (Date.now() < deadline) {
        delivery = (
          await hub.db.query(`SELECT status, attempts, last_error FROM deliveries WHERE subscription_id = $1`, [
            sub.body.id,
          ])
        ).rows[0];
        if (delivery?.status === 'dead') break;
        await new Promise((r) => setTimeout(r, 50));
      }
      // A refused address is a connection failure: retried on the schedule (200 ms x3 here), then dead.
      expect(delivery).toMatchObject({
        status: 'dead',
        attempts: 4,
        last_error: expect.stringContaining('EINTERNALADDRESS'),
      });
      expect(sockets).toHaveLength(0);
    } finally {
      await new Promise((r) => listener.close(r));
    }
  });
});
