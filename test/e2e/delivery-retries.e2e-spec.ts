import request from 'supertest';
import { waitForDeliveries } from '../kit/db-wait';
import { postCourtOutcome, subscribe } from '../kit/http';
import { courtOutcome } from '../kit/processes/court-stream';
import { waitForIdleDeliveryQueue } from '../kit/queue-wait';
import { startTestHub, type TestHub } from '../kit/test-hub';
import { WebhookReceiver, type ScriptedAnswer } from '../kit/webhook-receiver';

/**
 * The receiver's answers decide the delivery's fate (api.md): 2xx delivered; 5xx, 408, 429 and
 * timeouts retried on the schedule (here 200 ms x3), never sooner than Retry-After; other 4xx
 * dead at once; 410 also disables the subscription; the last failure dead-letters.
 */
describe('webhook retries follow the receiver', () => {
  let hub: TestHub;
  const receivers: WebhookReceiver[] = [];
  let n = 0;

  /** A police subscription of its own, answering as scripted; the conviction of one new message. */
  const scenario = async (answers: ScriptedAnswer[]) => {
    const receiver = await new WebhookReceiver().start();
    receivers.push(receiver);
    receiver.answers = answers;
    const sub = await subscribe(hub, 'police.west-yorkshire', receiver.url, ['conviction.recorded']);
    expect(sub.status).toBe(201);
    const res = await postCourtOutcome(hub, 'court.leeds-crown', courtOutcome('retry', n++));
    expect(res.status).toBe(202);
    const { rows } = await hub.db.query(
      `SELECT id FROM events WHERE id = ANY($1::uuid[]) AND type = 'conviction.recorded'`,
      [res.body.events],
    );
    return { receiver, subscriptionId: sub.body.id as string, eventId: rows[0].id as string };
  };

  const delivery = async (eventId: string, subscriptionId: string) =>
    (
      await hub.db.query(
        `SELECT id, status, attempts, last_status_code, last_error FROM deliveries WHERE event_id = $1 AND subscription_id = $2`,
        [eventId, subscriptionId],
      )
    ).rows[0];

  const waitForStatus = async (eventId: string, subscriptionId: string, status: string) => {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const d = await delivery(eventId, subscriptionId);
      if (d?.status === status) return d;
      if (Date.now() > deadline) throw new Error(`delivery is ${JSON.stringify(d)}, not ${status}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  beforeAll(async () => {
    hub = await startTestHub();
  });

  afterAll(async () => {
    await hub?.close();
    await Promise.all(receivers.map((r) => r.close()));
  });

  it('waits at least the seconds a 503 asks for in Retry-After, though the schedule says 200 ms', async () => {
    const { receiver, eventId, subscriptionId } = await scenario([{ status: 503, headers: { 'retry-after': '2' } }]);
    await waitForStatus(eventId, subscriptionId, 'delivered');
    const [first, second] = receiver.attempts;
    expect([first.status, second.status]).toEqual([503, 204]);
    expect(second.at - first.at).toBeGreaterThanOrEqual(1900);
    expect(second.webhookId).toBe(first.webhookId);
  });

  it('honours a Retry-After HTTP date on a 429', async () => {
    // An HTTP date has whole seconds: the receiver names the second it truncates to.
    const retryNotBefore = Math.floor((Date.now() + 3000) / 1000) * 1000;
    const { receiver, eventId, subscriptionId } = await scenario([
      { status: 429, headers: { 'retry-after': new Date(retryNotBefore).toUTCString() } },
    ]);
    await waitForStatus(eventId, subscriptionId, 'delivered');
    const [first, second] = receiver.attempts;
    expect(first.at).toBeLessThan(retryNotBefore);
    // Judged against the date itself, not the first attempt: on a loaded machine the first
    // attempt can come late, leaving less than the full interval to wait.
    expect(second.at).toBeGreaterThanOrEqual(retryNotBefore);
  });

  it('retries a 408 and a 500, then delivers under the same webhook-id', async () => {
    const { receiver, eventId, subscriptionId } = await scenario([408, 500]);
    const d = await waitForStatus(eventId, subscriptionId, 'delivered');
    expect(receiver.attempts.map((a) => a.status)).toEqual([408, 500, 204]);
    expect(new Set(receiver.attempts.map((a) => a.webhookId))).toEqual(new Set([d.id]));
    expect(d.attempts).toBe(3);
  });

  it('dead-letters a 404 at once, with no retry', async () => {
    const { receiver, eventId, subscriptionId } = await scenario([404]);
    const d = await waitForStatus(eventId, subscriptionId, 'dead');
    // No second attempt comes: once police's queue holds no job waiting or parked for a retry,
    // none can (a fixed sleep would only show that none came yet).
    await waitForIdleDeliveryQueue(hub, 'police.west-yorkshire');
    expect(receiver.attempts.map((a) => a.status)).toEqual([404]);
    expect(d).toMatchObject({
      attempts: 1,
      last_status_code: 404,
      last_error: 'receiver refused it permanently (404)',
    });
  });

  it('a 410 dead-letters the delivery and disables the subscription; later events are not sent there', async () => {
    const { receiver, eventId, subscriptionId } = await scenario([410]);
    await waitForStatus(eventId, subscriptionId, 'dead');
    const mine = await request(hub.url)
      .get('/v1/subscriptions')
      .set('authorization', `Bearer ${await hub.token('police.west-yorkshire')}`);
    expect(mine.body.subscriptions.find((s: { id: string }) => s.id === subscriptionId).status).toBe('disabled');
    const later = await postCourtOutcome(hub, 'court.leeds-crown', courtOutcome('retry', n++));
    expect(later.status).toBe(202);
    // Routed (its deliveries made, to the other police subscriptions) and every one sent: none is
    // still on its way here, however slow the machine.
    await waitForDeliveries(hub.db, later.body.events);
    expect(receiver.attempts).toHaveLength(1);
    const { rows } = await hub.db.query(`SELECT count(*)::int AS n FROM deliveries WHERE subscription_id = $1`, [
      subscriptionId,
    ]);
    expect(rows[0].n).toBe(1);
  });

  it('a receiver failing every attempt gets the first try and one per schedule step, then the delivery is dead', async () => {
    const { receiver, eventId, subscriptionId } = await scenario(Array(20).fill(500));
    const d = await waitForStatus(eventId, subscriptionId, 'dead');
    await waitForIdleDeliveryQueue(hub, 'police.west-yorkshire'); // no fifth attempt is parked or on its way
    expect(receiver.attempts.map((a) => a.status)).toEqual([500, 500, 500, 500]);
    expect(d).toMatchObject({
      attempts: 4,
      last_status_code: 500,
      last_error: 'retries exhausted: receiver answered 500',
    });
    // Each wait honours the schedule (200 ms plus upward jitter only).
    const gaps = receiver.attempts.slice(1).map((a, i) => a.at - receiver.attempts[i].at);
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(190);
  });
});
