import { createHmac, createPublicKey, verify } from 'node:crypto';
import request from 'supertest';
import { Webhook } from 'standardwebhooks';
import { courtExample } from '../kit/examples';
import { postCourtOutcome } from '../kit/http';
import { startTestHub, type TestHub } from '../kit/test-hub';
import { WebhookReceiver, type ReceivedWebhook } from '../kit/webhook-receiver';
import { fieldsNamed } from '../kit/problems';

const POLICE = 'police.west-yorkshire';
const PROBATION = 'probation.yorkshire';

/** Issue 20: an agency manages its own subscriptions (change, rotate, retry safely, test). */
describe('self-service subscriptions', () => {
  let hub: TestHub;
  const receivers: WebhookReceiver[] = [];
  let hubKey: ReturnType<typeof createPublicKey>;

  const receiver = async () => {
    const r = await new WebhookReceiver().start();
    receivers.push(r);
    return r;
  };
  const as = async (agency: string) => `Bearer ${await hub.token(agency)}`;
  const create = async (agency: string, body: Record<string, unknown>, key?: string) => {
    const req = request(hub.url)
      .post('/v1/subscriptions')
      .set('authorization', await as(agency));
    if (key !== undefined) req.set('idempotency-key', key);
    return req.send(body);
  };
  const webhook = (url: string, eventTypes = ['conviction.recorded']) => ({
    eventTypes,
    delivery: { mode: 'webhook', url },
  });
  const patch = async (agency: string, id: string, body: object) =>
    request(hub.url)
      .patch(`/v1/subscriptions/${id}`)
      .set('authorization', await as(agency))
      .send(body);
  const rotate = async (agency: string, id: string, body?: object) => {
    const req = request(hub.url)
      .post(`/v1/subscriptions/${id}/secret/rotation`)
      .set('authorization', await as(agency));
    return body === undefined ? req : req.send(body);
  };
  const sendTest = async (agency: string, id: string) =>
    request(hub.url)
      .post(`/v1/subscriptions/${id}/test`)
      .set('authorization', await as(agency));

  /** The `v1` signatures of a delivery, in header order. */
  const v1s = (r: ReceivedWebhook) =>
    String(r.headers['webhook-signature'])
      .split(' ')
      .filter((s) => s.startsWith('v1,'))
      .map((s) => s.slice(3));
  const verifies = (secret: string, r: ReceivedWebhook) => {
    try {
      new Webhook(secret).verify(r.body, r.headers as Record<string, string>);
      return true;
    } catch {
      return false;
    }
  };
  const hmac = (secret: string, r: ReceivedWebhook) =>
    createHmac('sha256', Buffer.from(secret.slice('whsec_'.length), 'base64'))
      .update(`${r.headers['webhook-id']}.${r.headers['webhook-timestamp']}.${r.body}`)
      .digest('base64');
  const hubSigned = (r: ReceivedWebhook) => {
    const v1a = String(r.headers['webhook-signature'])
      .split(' ')
      .find((s) => s.startsWith('v1a,'))!
      .slice(4);
    const signed = `${r.headers['webhook-id']}.${r.headers['webhook-timestamp']}.${r.body}`;
    return verify(null, Buffer.from(signed), hubKey, Buffer.from(v1a, 'base64'));
  };
  /** A delivery row once it is settled (the receiver hears it before the hub records its answer). */
  const settled = async (deliveryId: string) => {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const { rows } = await hub.db.query(`SELECT status, attempts, last_status_code FROM deliveries WHERE id = $1`, [
        deliveryId,
      ]);
      if (['delivered', 'dead'].includes(rows[0]?.status) || Date.now() > deadline) return rows[0];
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  /** Sends a test event and waits for its arrival. */
  const testDelivery = async (id: string, at: WebhookReceiver) => {
    const res = await sendTest(POLICE, id);
    expect(res.status).toBe(202);
    await at.waitFor((got) => got.some((g) => g.headers['webhook-id'] === res.body.deliveryId));
    return at.received.find((g) => g.headers['webhook-id'] === res.body.deliveryId)!;
  };

  beforeAll(async () => {
    hub = await startTestHub();
    hubKey = createPublicKey({
      key: (await request(hub.url).get('/.well-known/jwks.json')).body.keys[0],
      format: 'jwk',
    });
  });

  afterAll(async () => {
    await hub?.close();
    await Promise.all(receivers.map((r) => r.close()));
  });

  describe('PATCH /v1/subscriptions/{id}', () => {
    it('changes event types, filter and URL: 200 with the subscription, no secret; deliveries follow the change', async () => {
      const [before, after] = [await receiver(), await receiver()];
      const made = await create(POLICE, webhook(before.url));
      expect(made.status).toBe(201);

      const res = await patch(POLICE, made.body.id, {
        eventTypes: ['conviction.recorded', 'order.made'],
        filter: { areas: ['WYP'] },
        delivery: { url: after.url },
      });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        id: made.body.id,
        agency: POLICE,
        eventTypes: ['conviction.recorded', 'order.made'],
        filter: { areas: ['WYP'] },
        delivery: { mode: 'webhook', url: after.url },
        status: 'active',
        createdAt: made.body.createdAt,
      });
      const listed = await request(hub.url)
        .get('/v1/subscriptions')
        .set('authorization', await as(POLICE));
      expect(listed.body.subscriptions.find((s: { id: string }) => s.id === made.body.id)).toEqual(res.body);

      expect((await postCourtOutcome(hub, 'court.leeds-crown', courtExample('hearing-resulted-shpo'))).status).toBe(
        202,
      );
      await after.waitFor((got) =>
        ['conviction.recorded', 'order.made'].every((t) => got.some((g) => g.event.type === t)),
      );
      expect(new Set(after.types())).toEqual(new Set(['conviction.recorded', 'order.made']));
      expect(before.requests).toBe(0);
      // The secret given at creation still signs at the new URL.
      expect(after.received.every((r) => verifies(made.body.secret, r))).toBe(true);
    });

    it('keeps what is not given, and says which types no agreement covers', async () => {
      const made = await create(POLICE, { ...webhook((await receiver()).url), filter: { areas: ['WYP'] } });
      const res = await patch(POLICE, made.body.id, { eventTypes: ['order.made', 'watchlist.hit'] });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        eventTypes: ['order.made', 'watchlist.hit'],
        filter: { areas: ['WYP'] },
        delivery: { mode: 'webhook', url: made.body.delivery.url },
        unauthorisedEventTypes: ['watchlist.hit'],
      });
      expect(res.body).not.toHaveProperty('secret');
      // Only types no agreement covers: refused as on create, and nothing changed.
      const refused = await patch(POLICE, made.body.id, { eventTypes: ['watchlist.hit'] });
      expect(refused.status).toBe(403);
      const { rows } = await hub.db.query(`SELECT event_types FROM subscriptions WHERE id = $1`, [made.body.id]);
      expect(rows[0].event_types).toEqual(['order.made', 'watchlist.hit']);
    });

    it("answers 404 for another agency's subscription, an unknown or deleted one, and changes nothing", async () => {
      const made = await create(POLICE, webhook((await receiver()).url));
      const other = await patch(PROBATION, made.body.id, { eventTypes: ['order.made'] });
      expect(other.status).toBe(404);
      expect(other.headers['content-type']).toContain('application/problem+json');
      expect(other.body.type).toBe('/docs/problems/subscription-not-found');
      expect((await patch(POLICE, '00000000-0000-4000-8000-000000000000', { eventTypes: ['order.made'] })).status).toBe(
        404,
      );
      expect((await patch(POLICE, 'not-a-uuid', { eventTypes: ['order.made'] })).status).toBe(404);
      const { rows } = await hub.db.query(`SELECT event_types FROM subscriptions WHERE id = $1`, [made.body.id]);
      expect(rows[0].event_types).toEqual(['conviction.recorded']);
      await request(hub.url)
        .delete(`/v1/subscriptions/${made.body.id}`)
        .set('authorization', await as(POLICE));
      expect((await patch(POLICE, made.body.id, { eventTypes: ['order.made'] })).status).toBe(404);
    });

    it('answers 422 naming each bad field', async () => {
      const made = await create(POLICE, webhook((await receiver()).url));
      const res = await patch(POLICE, made.body.id, {
        eventTypes: ['conviction.recorded', 'no.such.event'],
        filter: { mappaCategories: [9] },
        delivery: { url: 42 },
        colour: 'blue',
      });
      expect(res.status).toBe(422);
      expect(res.headers['content-type']).toContain('application/problem+json');
      const paths = fieldsNamed(res.body);
      expect(paths).toEqual(expect.arrayContaining(['eventTypes', 'filter.mappaCategories', 'delivery.url', 'colour']));

      const mode = await patch(POLICE, made.body.id, { delivery: { mode: 'feed' } });
      expect(mode.status).toBe(422);
      expect(mode.body.errors).toEqual([{ path: 'delivery.mode', message: expect.stringMatching(/cannot change/) }]);
      expect((await patch(POLICE, made.body.id, { eventTypes: [] })).status).toBe(422);
    });

    it('re-validates the URL exactly as on create', async () => {
      const made = await create(POLICE, webhook((await receiver()).url));
      for (const url of ['ftp://receiver.example/hook', 'not a url', 'https://user:pw@receiver.example/hook']) {
        const created = await create(POLICE, webhook(url));
        const changed = await patch(POLICE, made.body.id, { delivery: { url } });
        expect(created.status).toBe(422);
        expect(changed.status).toBe(422);
        expect(changed.body.errors).toEqual(created.body.errors);
        expect(changed.body.errors[0].path).toBe('delivery.url');
      }
      const feed = await create(POLICE, { eventTypes: ['conviction.recorded'], delivery: { mode: 'feed' } });
      const onFeed = await patch(POLICE, feed.body.id, { delivery: { url: 'https://receiver.example/hook' } });
      expect(onFeed.status).toBe(422);
      expect(onFeed.body.errors).toEqual([{ path: 'delivery.url', message: 'a feed subscription has no url' }]);
    });
  });

  describe('POST /v1/subscriptions/{id}/secret/rotation', () => {
    it('gives a new secret; during the overlap deliveries verify with the old and the new one, after it with the new one only', async () => {
      const at = await receiver();
      const made = await create(POLICE, webhook(at.url));
      const old = made.body.secret as string;

      const asked = Date.now();
      const res = await rotate(POLICE, made.body.id, { overlapSeconds: 3 });
      expect(res.status).toBe(200);
      expect(Object.keys(res.body).sort()).toEqual(['previousSecretExpiresAt', 'secret']);
      expect(res.body.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
      expect(res.body.secret).not.toBe(old);
      const expiresAt = Date.parse(res.body.previousSecretExpiresAt);
      expect(expiresAt).toBeGreaterThan(asked + 1000);
      expect(expiresAt).toBeLessThan(Date.now() + 5000);
      const fresh = res.body.secret as string;

      // Both secrets are stored sealed, never in clear.
      const stored = (
        await hub.db.query(`SELECT row_to_json(s)::text AS t FROM subscriptions s WHERE id = $1`, [made.body.id])
      ).rows[0].t as string;
      for (const s of [old, fresh]) {
        expect(stored).not.toContain(s);
        expect(stored).not.toContain(s.slice('whsec_'.length));
      }

      const during = await testDelivery(made.body.id, at);
      expect(v1s(during)).toEqual([hmac(fresh, during), hmac(old, during)]);
      expect(verifies(old, during)).toBe(true);
      expect(verifies(fresh, during)).toBe(true);
      expect(hubSigned(during)).toBe(true);

      await new Promise((r) => setTimeout(r, Math.max(0, expiresAt - Date.now() + 200)));
      const after = await testDelivery(made.body.id, at);
      expect(v1s(after)).toEqual([hmac(fresh, after)]);
      expect(verifies(fresh, after)).toBe(true);
      expect(verifies(old, after)).toBe(false);
      expect(hubSigned(after)).toBe(true);
    });

    it('keeps the old secret 24 hours by default (HUB_SECRET_ROTATION_OVERLAP)', async () => {
      const made = await create(POLICE, webhook((await receiver()).url));
      const res = await rotate(POLICE, made.body.id);
      expect(res.status).toBe(200);
      const overlap = Date.parse(res.body.previousSecretExpiresAt) - Date.now();
      expect(overlap).toBeGreaterThan(24 * 3600_000 - 60_000);
      expect(overlap).toBeLessThanOrEqual(24 * 3600_000);
    });

    it('answers 422 for an overlap out of bounds, 404 for another agency, 409 for a feed subscription', async () => {
      const made = await create(POLICE, webhook((await receiver()).url));
      for (const overlapSeconds of [-1, 604801, 1.5, 'soon']) {
        const res = await rotate(POLICE, made.body.id, { overlapSeconds });
        expect(res.status).toBe(422);
        expect(fieldsNamed(res.body)).toEqual(['overlapSeconds']);
      }
      expect((await rotate(PROBATION, made.body.id)).status).toBe(404);
      const { rows } = await hub.db.query(`SELECT previous_secret_sealed FROM subscriptions WHERE id = $1`, [
        made.body.id,
      ]);
      expect(rows[0].previous_secret_sealed).toBeNull();
      const feed = await create(POLICE, { eventTypes: ['conviction.recorded'], delivery: { mode: 'feed' } });
      const res = await rotate(POLICE, feed.body.id);
      expect(res.status).toBe(409);
      expect(res.body.type).toBe('/docs/problems/subscription-has-no-secret');
    });
  });

  describe('Idempotency-Key on POST /v1/subscriptions', () => {
    const count = async (key: string) =>
      (await hub.db.query(`SELECT count(*)::int AS n FROM subscriptions WHERE idempotency_key = $1`, [key])).rows[0].n;

    it('the same key and body answer 201 again with the same subscription and secret, never a second one', async () => {
      const body = webhook((await receiver()).url);
      const first = await create(POLICE, body, 'create-once-1');
      const again = await create(POLICE, body, 'create-once-1');
      expect(first.status).toBe(201);
      expect(first.headers['idempotency-replayed']).toBeUndefined();
      expect(again.status).toBe(201);
      expect(again.headers['idempotency-replayed']).toBe('true');
      expect(again.body).toEqual(first.body);
      expect(again.body.secret).toMatch(/^whsec_/);
      expect(await count('create-once-1')).toBe(1);
    });

    it('the same key with a different body is 422, as for inbound messages, and creates nothing', async () => {
      const url = (await receiver()).url;
      expect((await create(POLICE, webhook(url), 'create-once-2')).status).toBe(201);
      const res = await create(POLICE, webhook(url, ['order.made']), 'create-once-2');
      expect(res.status).toBe(422);
      expect(res.body.type).toBe('/docs/problems/idempotency-key-reused');
      expect(await count('create-once-2')).toBe(1);
    });

    it('concurrent creates with one key make one subscription, and all answer with it', async () => {
      const body = webhook((await receiver()).url);
      const answers = await Promise.all(Array.from({ length: 6 }, () => create(POLICE, body, 'create-once-3')));
      expect(answers.map((a) => a.status)).toEqual(Array(6).fill(201));
      expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
      expect(new Set(answers.map((a) => a.body.secret)).size).toBe(1);
      expect(answers.filter((a) => a.headers['idempotency-replayed'] === 'true')).toHaveLength(5);
      expect(await count('create-once-3')).toBe(1);
    });

    it('keys are per agency; a malformed key is 400; without a key every create is new', async () => {
      const body = webhook((await receiver()).url);
      const police = await create(POLICE, body, 'create-once-4');
      const probation = await create(PROBATION, body, 'create-once-4');
      expect(probation.status).toBe(201);
      expect(probation.body.id).not.toBe(police.body.id);
      for (const key of ['has space', 'x'.repeat(256)]) {
        const res = await create(POLICE, body, key);
        expect(res.status).toBe(400);
        expect(res.body.type).toBe('/docs/problems/idempotency-key-invalid');
      }
      const a = await create(POLICE, body);
      const b = await create(POLICE, body);
      expect(a.body.id).not.toBe(b.body.id);
    });
  });

  describe('POST /v1/subscriptions/{id}/test', () => {
    it('sends a signed hub.subscription.test event with no personal data through the normal delivery path', async () => {
      const at = await receiver();
      const made = await create(POLICE, webhook(at.url));
      const res = await sendTest(POLICE, made.body.id);
      expect(res.status).toBe(202);
      expect(res.body).toEqual({
        deliveryId: expect.stringMatching(/^[0-9a-f-]{36}$/),
        eventId: expect.stringMatching(/^[0-9a-f-]{36}$/),
        type: 'hub.subscription.test',
        status: 'pending',
      });
      await at.waitFor((got) => got.length === 1);
      const [got] = at.received;
      expect(got.headers['webhook-id']).toBe(res.body.deliveryId);
      expect(got.headers['content-type']).toBe('application/cloudevents+json');
      expect(verifies(made.body.secret, got)).toBe(true);
      expect(hubSigned(got)).toBe(true);
      expect(got.event).toEqual({
        specversion: '1.0',
        id: res.body.eventId,
        source: '/hub',
        type: 'hub.subscription.test',
        time: expect.any(String),
        datacontenttype: 'application/json',
        dataschema: '/docs/events/hub.subscription.test.schema.json',
        classification: 'OFFICIAL',
        data: { test: { subscriptionId: made.body.id, requestedAt: expect.any(String) } },
      });
      // The schema it names is served, and describes what came.
      const schema = await request(hub.url).get(got.event.dataschema);
      expect(schema.status).toBe(200);
      expect(schema.body.properties.test.properties).toHaveProperty('subscriptionId');
      // Recorded like any delivery, its attempt in the audit log.
      expect(await settled(res.body.deliveryId)).toEqual({ status: 'delivered', attempts: 1, last_status_code: 204 });
      const audit = await hub.db.query(
        `SELECT operation FROM audit_log WHERE details->>'deliveryId' = $1 ORDER BY id`,
        [res.body.deliveryId],
      );
      expect(audit.rows.map((r) => r.operation)).toEqual(['delivery.attempted', 'delivery.succeeded']);
    });

    it('is retried on the schedule when the receiver fails, with the same webhook-id', async () => {
      const at = await receiver();
      at.answers = [503, 503];
      const made = await create(POLICE, webhook(at.url));
      const res = await sendTest(POLICE, made.body.id);
      await at.waitFor((got) => got.length === 1);
      expect(at.attempts.map((a) => [a.webhookId, a.status])).toEqual([
        [res.body.deliveryId, 503],
        [res.body.deliveryId, 503],
        [res.body.deliveryId, 204],
      ]);
      expect(await settled(res.body.deliveryId)).toEqual({ status: 'delivered', attempts: 3, last_status_code: 204 });
    });

    it("answers 404 for another agency's subscription, 409 for a feed one, and sends nothing", async () => {
      const at = await receiver();
      const made = await create(POLICE, webhook(at.url));
      const other = await sendTest(PROBATION, made.body.id);
      expect(other.status).toBe(404);
      expect(other.body.type).toBe('/docs/problems/subscription-not-found');
      expect((await sendTest(POLICE, 'not-a-uuid')).status).toBe(404);
      const feed = await create(POLICE, { eventTypes: ['conviction.recorded'], delivery: { mode: 'feed' } });
      expect((await sendTest(POLICE, feed.body.id)).status).toBe(409);
      const { rows } = await hub.db.query(`SELECT count(*)::int AS n FROM deliveries WHERE subscription_id = $1`, [
        made.body.id,
      ]);
      expect(rows[0].n).toBe(0);
      expect(at.requests).toBe(0);
    });
  });
});
