import { randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import { Writable } from 'node:stream';
import request from 'supertest';
import { startTestHub, type TestHub } from '../kit/test-hub';

/** Security review items 2 (logs), 15 (timeouts), 16 (junk ids), 17 (query strings in logs). */
describe('the request log', () => {
  let hub: TestHub;
  const lines: string[] = [];
  const logStream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });

  beforeAll(async () => {
    hub = await startTestHub({ env: { LOG_LEVEL: 'info' }, logStream });
  });
  afterAll(() => hub.close());

  it('holds no identifier from the query string, no cookie, no bearer token, no justification', async () => {
    const token = await hub.token('police.west-yorkshire');
    const res = await request(hub.url)
      .get('/v1/subjects?identifier=PNC:2004/0123456B')
      .set('authorization', `Bearer ${token}`)
      .set('cookie', 'hub_console=session-secret-value')
      .set('x-justification', 'MAPPA meeting about Mr Smith');
    expect(res.status).toBeLessThan(500);
    const signIn = await request(hub.url)
      .get('/console/?next=PNC:2004/0123456B')
      .set('cookie', 'hub_console=session-secret-value');
    expect(signIn.status).toBeLessThan(500);

    const requestLines = lines.filter((l) => l.includes('"req"'));
    // The request was logged (so the test reads the real log), with its path only.
    expect(requestLines.some((l) => JSON.parse(l).req?.url === '/v1/subjects')).toBe(true);
    const log = lines.join('\n');
    for (const secret of ['2004/0123456B', 'PNC:', 'session-secret-value', token, token.split('.')[2], 'Mr Smith']) {
      expect(log).not.toContain(secret);
    }
    expect(requestLines.every((l) => JSON.parse(l).req?.query === undefined)).toBe(true);
  });
});

describe('request timeouts and junk ids', () => {
  let hub: TestHub;

  beforeAll(async () => {
    hub = await startTestHub({ env: { HUB_REQUEST_TIMEOUT_MS: '1000' } });
  });
  afterAll(() => hub.close());

  it('cuts off a client that trickles its body, token or none', async () => {
    const { port } = new URL(hub.url);
    const socket = connect(Number(port), '127.0.0.1');
    await new Promise<void>((r) => socket.once('connect', () => r()));
    socket.write(
      'POST /v1/inbound/court-outcomes HTTP/1.1\r\nHost: hub\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n',
    );
    let answer = '';
    socket.on('data', (d) => (answer += d));
    const started = Date.now();
    // One byte every 100 ms: never idle long enough for an idle timeout, never done.
    const trickle = setInterval(() => socket.writable && socket.write('{'), 100);
    const closedAfter = await new Promise<number>((r) => socket.once('close', () => r(Date.now() - started)));
    clearInterval(trickle);
    expect(closedAfter).toBeLessThan(5000);
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
  });

  // Four per row: with fewer, jest would pass its `done` callback as the body.
  const junk: [string, string, string, object | null][] = [
    ['DELETE', '/v1/subscriptions/not-a-uuid', 'police.west-yorkshire', null],
    ['DELETE', `/v1/subscriptions/${randomUUID()}`, 'police.west-yorkshire', null],
    ['GET', '/v1/feed?after=1', 'police.west-yorkshire', null],
    ['GET', '/v1/feed?after=not-a-cursor', 'police.west-yorkshire', null],
    ['GET', '/v1/feed?limit=abc', 'police.west-yorkshire', null],
    ['POST', '/v1/events/not-a-uuid/acknowledgements', 'police.west-yorkshire', {}],
    ['POST', `/v1/events/${randomUUID()}/acknowledgements`, 'police.west-yorkshire', {}],
    ['GET', '/v1/audit?before=1', 'hub.operators', null],
    ['GET', '/v1/audit?before=not-a-cursor', 'hub.operators', null],
    ['GET', '/v1/audit?subjectId=not-a-uuid', 'hub.operators', null],
    ['GET', '/v1/audit?from=yesterday', 'hub.operators', null],
    ['GET', '/v1/admin/quarantine?before=1', 'hub.operators', null],
    ['GET', '/v1/admin/quarantine?before=not-a-date', 'hub.operators', null],
    ['GET', '/v1/admin/quarantine?limit=abc', 'hub.operators', null],
    ['GET', '/v1/admin/deliveries?status=junk', 'hub.operators', null],
    ['GET', '/v1/admin/deliveries?before=1', 'hub.operators', null],
    ['POST', '/v1/admin/deliveries/not-a-uuid/replay', 'hub.operators', {}],
    ['POST', `/v1/admin/deliveries/${randomUUID()}/replay`, 'hub.operators', {}],
    [
      'POST',
      '/v1/admin/replay',
      'hub.operators',
      { subscriptionId: 'not-a-uuid', from: '2026-01-01T00:00:00Z', to: '2026-01-02T00:00:00Z' },
    ],
    ['GET', '/v1/admin/acknowledgements/overdue?limit=abc', 'hub.operators', null],
    ['GET', '/v1/admin/agreements/not-an-agreement/preview?subjectId=not-a-uuid', 'hub.operators', null],
    ['GET', '/v1/admin/agreements/DSA-TEST-POLICE/preview?subjectId=not-a-uuid', 'hub.operators', null],
    [
      'POST',
      '/v1/admin/identity/reviews/not-a-uuid/decision',
      'hub.operators',
      { decision: 'distinct', justification: 'checked by hand today' },
    ],
    [
      'POST',
      '/v1/admin/subjects/not-a-uuid/merge',
      'hub.operators',
      { otherSubjectId: 'not-a-uuid', justification: 'checked by hand today' },
    ],
    [
      'POST',
      '/v1/admin/subjects/not-a-uuid/unmerge',
      'hub.operators',
      { mergeId: 'not-a-uuid', justification: 'checked by hand today' },
    ],
    ['POST', '/v1/admin/subjects/not-a-uuid/erasure', 'hub.operators', { justification: 'checked by hand today' }],
    ['GET', '/v1/admin/deadlines?limit=abc', 'hub.operators', null],
    ['GET', '/v1/admin/data-quality?limit=abc', 'hub.operators', null],
    ['GET', '/v1/admin/identity/reviews?limit=abc', 'hub.operators', null],
    ['GET', '/v1/subjects/not-a-uuid', 'police.west-yorkshire', null],
    ['GET', '/v1/subjects/not-a-uuid/timeline', 'police.west-yorkshire', null],
    ['GET', '/v1/subjects?identifier=PNC:junk', 'police.west-yorkshire', null],
    [
      'GET',
      `/v1/feed?after=${Buffer.from('f1:9999999999999999999').toString('base64url')}`,
      'police.west-yorkshire',
      null,
    ],
    ['GET', `/v1/audit?cursor=${Buffer.from('99999999999999999999').toString('base64url')}`, 'hub.operators', null],
    ['GET', '/v1/audit?cursor=99999999999999999999', 'hub.operators', null],
    ['GET', `/v1/audit?cursor=${Buffer.from('a1:9999999999999999999').toString('base64url')}`, 'hub.operators', null],
    ['GET', '/v1/audit?limit=99999999999999999999', 'hub.operators', null],
    ['GET', '/v1/admin/quarantine?before=99999-01-01', 'hub.operators', null],
    ['GET', '/v1/admin/deliveries?agency=%00', 'hub.operators', null],
    ['GET', '/v1/admin/deadlines?area=%00', 'hub.operators', null],
  ];

  it.each(junk)('%s %s answers 400/404/422 problem+json, never 500', async (method, path, agency, body) => {
    const scope = agency === 'hub.operators' ? 'admin audit:read' : 'subjects:read subscriptions:write feed:read';
    let req = request(hub.url)
      [method.toLowerCase() as 'get' | 'post' | 'delete'](path)
      .set('authorization', `Bearer ${await hub.token(agency, { scope })}`)
      .set('x-justification', 'security review of junk parameters');
    if (body) req = req.send(body);
    const res = await req;
    expect([400, 404, 422]).toContain(res.status);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
  });
});
