import request from 'supertest';
import { loadEnvironment } from '../../config/environment';
import { startHubWorker, type HubWorker } from '../../src/worker';
import { courtExample } from '../kit/examples';
import { postCourtOutcome, subscribe } from '../kit/http';
import { DEFAULT_AGREEMENTS, startTestHub, type TestHub } from '../kit/test-hub';
import { WebhookReceiver } from '../kit/webhook-receiver';

/** Polls until `check` holds (the hub's own counters, never a fixed sleep). */
async function until(check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}

const counter = (text: string, series: string): number => {
  const escaped = series.replace(/[{}"=.,]/g, (c) => `\\${c}`);
  const m = new RegExp(`^${escaped} ([\\d.e+]+)$`, 'm').exec(text);
  return m ? Number(m[1]) : 0;
};

describe('probes: liveness, readiness and a public health that says only up or down', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub();
  });
  afterAll(async () => {
    await hub?.close();
  });

  it('/health/live and /health/ready answer without a token', async () => {
    expect((await request(hub.url).get('/health/live')).body).toEqual({ status: 'up' });
    const ready = await request(hub.url).get('/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({ status: 'up', checks: { database: 'up', redis: 'up', migrations: 'up' } });
  });

  it('/health tells an anonymous caller only up or down; the detail needs admin', async () => {
    const anonymous = await request(hub.url).get('/health');
    expect(anonymous.status).toBe(200);
    expect(anonymous.body).toEqual({ status: 'up' });

    const admin = await request(hub.url)
      .get('/health')
      .set('authorization', `Bearer ${await hub.token('hub.operators')}`);
    expect(admin.status).toBe(200);
    expect(admin.body.info.queues.agencies['police.west-yorkshire']).toMatchObject({
      depth: expect.any(Number),
      dead: expect.any(Number),
    });
    expect(admin.body.info.upstreams).toBeDefined();

    const police = await request(hub.url)
      .get('/health')
      .set('authorization', `Bearer ${await hub.token('police.west-yorkshire')}`);
    expect(police.status).toBe(403);
    expect(police.body.info).toBeUndefined();
    const forged = await request(hub.url).get('/health').set('authorization', 'Bearer not-a-token');
    expect(forged.status).toBe(401);
  });

  it('echoes a safe x-request-id and replaces an unsafe one with a fresh id', async () => {
    const given = await request(hub.url).get('/health/live').set('x-request-id', 'gw-7f3a.91:b');
    expect(given.headers['x-request-id']).toBe('gw-7f3a.91:b');
    for (const unsafe of ['has space', 'x'.repeat(129), 'quote"d', 'semi;colon', '<script>']) {
      const res = await request(hub.url).get('/health/live').set('x-request-id', unsafe);
      expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    }
    const a = await request(hub.url).get('/health/live');
    const b = await request(hub.url).get('/health/live');
    expect(a.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(a.headers['x-request-id']).not.toBe(b.headers['x-request-id']);
  });
});

describe('a hub whose Redis is away: alive, not ready, and /health says down', () => {
  let hub: TestHub;
  beforeAll(async () => {
    // API role: no workers or clock schedulers, which would wait for Redis at start.
    hub = await startTestHub({ env: { HUB_ROLE: 'api', REDIS_URL: 'redis://127.0.0.1:1' } });
  });
  afterAll(async () => {
    await hub?.close();
  });

  it('keeps liveness up (no restart storm) while readiness and /health go down', async () => {
    expect((await request(hub.url).get('/health/live')).status).toBe(200);
    const ready = await request(hub.url).get('/health/ready');
    expect(ready.status).toBe(503);
    expect(ready.body).toEqual({ status: 'down', checks: { database: 'up', redis: 'down', migrations: 'up' } });
    const anonymous = await request(hub.url).get('/health');
    expect(anonymous.status).toBe(503);
    expect(anonymous.body).toEqual({ status: 'down' });
    const admin = await request(hub.url)
      .get('/health')
      .set('authorization', `Bearer ${await hub.token('hub.operators')}`);
    expect(admin.status).toBe(503);
    expect(admin.body.error.redis).toMatchObject({ status: 'down', message: expect.any(String) });
  });
});

describe('metrics: RED series counted as things happen, names not doubled', () => {
  let hub: TestHub;
  const police = new WebhookReceiver();
  beforeAll(async () => {
    const overdue = {
      ...DEFAULT_AGREEMENTS[1],
      id: 'DSA-TEST-OVERDUE',
      recipients: ['dtc.leeds-city-housing'],
      reviewBy: '2026-01-02',
    };
    hub = await startTestHub({
      agreements: [...DEFAULT_AGREEMENTS, overdue],
      env: { HUB_CLOCK_INTERVAL_MS: '200', HUB_AUDIT_VERIFY_INTERVAL_MS: '300' },
    });
    await police.start();
    expect(
      (await subscribe(hub, 'police.west-yorkshire', police.url, ['subject.created', 'conviction.recorded'])).status,
    ).toBe(201);
  });
  afterAll(async () => {
    await hub?.close();
    await police.close();
  });

  it('counts inbound messages by source and outcome, deliveries by outcome, reads and clock runs', async () => {
    expect((await postCourtOutcome(hub, 'court.leeds-crown', courtExample('hearing-resulted-shpo'))).status).toBe(202);
    const bad = await postCourtOutcome(hub, 'court.leeds-crown', { nonsense: true });
    expect(bad.status).toBe(422);
    await police.waitFor((r) => r.length >= 2);
    const subjectRead = await request(hub.url)
      .get('/v1/subjects/00000000-0000-4000-8000-000000000000')
      .set('authorization', `Bearer ${await hub.token('police.west-yorkshire')}`)
      .set('x-justification', 'MAPPA level 2 meeting preparation');
    expect([403, 404]).toContain(subjectRead.status);

    const metrics = async () => (await request(hub.url).get('/metrics')).text;
    await until(
      async () =>
        counter(await metrics(), 'hub_deliveries_total{agency="police.west-yorkshire",outcome="delivered"}') >= 2,
    );
    await until(async () => /^hub_clock_runs_total\{clock="[^"]+",outcome="ok"\} [1-9]/m.test(await metrics()));
    const text = await metrics();
    expect(counter(text, 'hub_inbound_messages_total{source="court-outcomes",outcome="accepted"}')).toBe(1);
    expect(counter(text, 'hub_inbound_messages_total{source="court-outcomes",outcome="rejected"}')).toBe(1);
    expect(counter(text, 'hub_inbound_message_duration_seconds_count{source="court-outcomes"}')).toBe(2);
    expect(
      counter(text, 'hub_delivery_duration_seconds_count{agency="police.west-yorkshire",outcome="delivered"}'),
    ).toBeGreaterThanOrEqual(2);
    expect(counter(text, 'hub_reads_total{resource="subjects",outcome="refused"}')).toBe(1);
    expect(text).toMatch(
      /^hub_http_request_duration_seconds_bucket\{le="0.005",method="POST",route="\/v1\/inbound\/:source"\} \d+$/m,
    );
    expect(text).toMatch(/^hub_process_cpu_seconds_total \d/m);
    expect(text).toMatch(/^hub_nodejs_eventloop_lag_seconds /m);
    expect(text).not.toMatch(/hub_process_process_|hub_process_nodejs_/);
  });

  it('exports what the alert rules watch: agreements by state and the audit walk', async () => {
    const metrics = async () => (await request(hub.url).get('/metrics')).text;
    await until(async () => /^hub_audit_verify_ok 1$/m.test(await metrics()));
    const text = await metrics();
    expect(counter(text, 'hub_agreements{state="active"}')).toBe(2);
    expect(counter(text, 'hub_agreements{state="review-overdue"}')).toBe(1);
    expect(counter(text, 'hub_audit_verify_last_run_timestamp_seconds')).toBeGreaterThan(Date.now() / 1000 - 60);
  });
});

describe('a worker process serves probes and metrics on HUB_HEALTH_PORT, and nothing else', () => {
  let hub: TestHub;
  let worker: HubWorker;
  let workerUrl: string;
  beforeAll(async () => {
    hub = await startTestHub({ env: { HUB_ROLE: 'api' } });
    const env = loadEnvironment({
      DATABASE_URL: hub.env.databaseUrl,
      REDIS_URL: hub.env.redisUrl,
      HUB_REDIS_PREFIX: hub.env.redisPrefix,
      HUB_CONFIG_DIR: hub.env.configDir,
      HUB_REFERENCE_DIR: hub.env.referenceDir,
      HUB_SIGNING_KEY_FILE: hub.env.signingKeyFile,
      HUB_ALLOW_INSECURE_WEBHOOKS: 'true',
      HUB_RETRY_SCHEDULE: '200ms,200ms,200ms',
      HUB_ROLE: 'worker',
      HUB_HEALTH_PORT: '0',
      LOG_LEVEL: 'warn',
    });
    worker = await startHubWorker(env, { logger: false, host: '127.0.0.1' });
    workerUrl = `http://127.0.0.1:${(worker.probes.address() as { port: number }).port}`;
  });
  afterAll(async () => {
    await worker?.close();
    await hub?.close();
  });

  it('answers the probes and /metrics, and serves no API', async () => {
    expect((await request(workerUrl).get('/health/live')).body).toEqual({ status: 'up' });
    const ready = await request(workerUrl).get('/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.checks).toEqual({ database: 'up', redis: 'up', migrations: 'up' });
    expect((await request(workerUrl).get('/health')).body).toEqual({ status: 'up' });
    const metrics = await request(workerUrl).get('/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.headers['content-type']).toMatch(/^text\/plain/);
    expect(metrics.text).toMatch(/^hub_delivery_queue_depth\{agency="police.west-yorkshire"\} 0$/m);
    expect(metrics.text).toMatch(/^# TYPE hub_deliveries_total counter$/m);
    expect((await request(workerUrl).get('/v1/subjects/x')).status).toBe(404);
    expect((await request(workerUrl).post('/health/live')).status).toBe(405);
  });
});
