import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { postCourtOutcome, subscribe } from '../kit/http';
import { courtOutcome } from '../kit/processes/court-stream';
import { DEFAULT_AGREEMENTS, startTestHub, type TestHub } from '../kit/test-hub';
import { WebhookReceiver } from '../kit/webhook-receiver';

const EVENT_TYPES = ['subject.created', 'conviction.recorded', 'registration.started', 'order.made'];
const MESSAGES = 12;
/** Each attempt at the hanging agency is held this long before the hub gives up on it. */
const TIMEOUT_MS = 4000;

/** A third recipient for the same court events: the Met, here answering 500 to everything. */
const MET = {
  ...DEFAULT_AGREEMENTS[1],
  id: 'DSA-TEST-MET',
  title: 'Court outcomes to the Met',
  recipients: ['police.metropolitan'],
};

/** An agency whose endpoint accepts the connection and never answers. */
async function hangingReceiver(): Promise<{ url: string; held: () => number; close: () => Promise<void> }> {
  let held = 0;
  const server: Server = createServer((req) => {
    held++;
    req.resume();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hub-events`,
    held: () => held,
    close: () => {
      server.closeAllConnections();
      return new Promise((r) => server.close(() => r()));
    },
  };
}

/**
 * One queue per agency: an agency that hangs (each attempt held to the 4 s timeout) and one
 * that fails every attempt must not slow another agency's deliveries, which arrive as fast as
 * if they were alone; each carries its per-subject sequence so receivers can discard stale ones.
 */
describe('a slow or failing agency never delays another', () => {
  let hub: TestHub;
  let hanging: Awaited<ReturnType<typeof hangingReceiver>>;
  const failing = new WebhookReceiver();
  const probation = new WebhookReceiver();

  beforeAll(async () => {
    hub = await startTestHub({
      agreements: [...DEFAULT_AGREEMENTS, MET],
      env: { HUB_RETRY_SCHEDULE: '1s,1s,1s,1s,1s', HUB_WEBHOOK_TIMEOUT_MS: String(TIMEOUT_MS) },
    });
    hanging = await hangingReceiver();
    await Promise.all([failing.start(), probation.start()]);
    failing.answers = Array(1000).fill(500);
    expect((await subscribe(hub, 'police.west-yorkshire', hanging.url, EVENT_TYPES)).status).toBe(201);
    expect((await subscribe(hub, 'police.metropolitan', failing.url, EVENT_TYPES)).status).toBe(201);
    expect((await subscribe(hub, 'probation.yorkshire', probation.url, EVENT_TYPES)).status).toBe(201);
  });

  afterAll(async () => {
    await hub?.close();
    await Promise.all([hanging?.close(), failing.close(), probation.close()]);
  });

  it('delivers every event to the healthy agency while the others hang and fail', async () => {
    const accepted: { events: string[]; at: number }[] = [];
    for (let n = 0; n < MESSAGES; n++) {
      const res = await postCourtOutcome(hub, 'court.leeds-crown', courtOutcome('iso', n));
      expect(res.status).toBe(202);
      accepted.push({ events: res.body.events, at: Date.now() });
    }
    const all = accepted.flatMap((a) => a.events);
    await probation.waitFor((r) => all.every((id) => r.some((x) => x.event.id === id)), 10_000);
    const done = Date.now();

    // The hanging agency's queue has 8 attempts held at a time: it is far from done.
    expect(hanging.held()).toBeGreaterThan(0);
    const { rows } = await hub.db.query(
      `SELECT agency_id, count(*) FILTER (WHERE status = 'delivered')::int AS delivered FROM deliveries GROUP BY agency_id`,
    );
    const delivered = Object.fromEntries(rows.map((r) => [r.agency_id, r.delivered]));
    expect(delivered['police.west-yorkshire'] ?? 0).toBe(0);
    expect(delivered['police.metropolitan'] ?? 0).toBe(0);
    // Each event reached probation within one hanging attempt's timeout of its message's 202.
    const lags = probation.received.map((x) => {
      const at = probation.attempts.find((a) => a.webhookId === x.headers['webhook-id'] && a.status < 300)!.at;
      return at - accepted.find((a) => a.events.includes(x.event.id))!.at;
    });
    expect(Math.max(...lags)).toBeLessThan(TIMEOUT_MS);
    expect(done - accepted[accepted.length - 1].at).toBeLessThan(TIMEOUT_MS);

    // Per subject, the four events carry sequences 1-4 so a receiver can order or discard them.
    const bySubject = new Map<string, string[]>();
    for (const x of probation.received)
      bySubject.set(x.event.subject, [...(bySubject.get(x.event.subject) ?? []), x.event.sequence]);
    expect(bySubject.size).toBe(MESSAGES);
    for (const sequences of bySubject.values())
      expect([...sequences].sort()).toEqual(['1', '2', '3', '4'].map((n) => n.padStart(20, '0')));
  });
});
