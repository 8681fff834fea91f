/**
 * Receiving-agency simulator: what a police force or probation region runs to take events
 * from the hub. It subscribes by webhook, checks both signatures of every delivery, keeps what
 * it received in memory and lists it at GET /received. For compose, demos and manual checks.
 *
 * Environment: AGENCY_ID, PRIVATE_JWK_FILE, HUB_URL, PUBLIC_URL (this service's webhook URL as
 * the hub reaches it), PORT (4000), EVENT_TYPES (comma list), HUB_AUDIENCE, TOKEN_SUB, LOG_LEVEL.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import pino from 'pino';
import { mintAgencyToken } from './agency-token';
import { HubClient } from './hub-client';
import { WebhookVerifier, type Verification, type WebhookHeaders } from './webhook-verifier';

const DEFAULT_EVENT_TYPES =
  'conviction.recorded,registration.started,order.made,order.varied,order.discharged,subject.created,subject.details.changed,' +
  'mappa.meeting.held,mappa.action.assigned,mappa.action.updated';
const MAX_BODY_BYTES = 1024 * 1024;

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`environment variable ${name} is required`);
  return value;
}

const config = {
  agencyId: required('AGENCY_ID'),
  privateJwkFile: required('PRIVATE_JWK_FILE'),
  hubUrl: required('HUB_URL'),
  publicUrl: required('PUBLIC_URL'),
  port: Number(process.env.PORT || 4000),
  eventTypes: (process.env.EVENT_TYPES || DEFAULT_EVENT_TYPES)
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean),
  audience: process.env.HUB_AUDIENCE || 'information-sharing-hub',
  sub: process.env.TOKEN_SUB || `system:${process.env.AGENCY_ID}:receiving-agency-simulator`,
};

const log = pino({
  name: 'receiving-agency',
  level: process.env.LOG_LEVEL || 'info',
  base: { agency: config.agencyId },
});

interface CloudEvent {
  id?: string;
  type?: string;
  subject?: string;
  time?: string;
  agreement?: string;
  sequence?: number | string;
  data?: Record<string, unknown>;
  [attribute: string]: unknown;
}

interface ReceivedEvent {
  webhookId: string;
  receivedAt: string;
  verification: Verification;
  event: CloudEvent;
}

const received: ReceivedEvent[] = [];
const seenWebhookIds = new Set<string>();
let subscriptionId: string | undefined;
let verifier: WebhookVerifier | undefined;

function send(res: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}): void {
  if (body === undefined) {
    res.writeHead(status, headers).end();
    return;
  }
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
}

function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => resolve(size <= MAX_BODY_BYTES ? Buffer.concat(chunks) : undefined));
    req.on('error', reject);
  });
}

function webhookHeaders(req: IncomingMessage): WebhookHeaders | undefined {
  const id = req.headers['webhook-id'];
  const timestamp = req.headers['webhook-timestamp'];
  const signature = req.headers['webhook-signature'];
  if (typeof id !== 'string' || typeof timestamp !== 'string' || typeof signature !== 'string') return undefined;
  return { 'webhook-id': id, 'webhook-timestamp': timestamp, 'webhook-signature': signature };
}

async function handleWebhook(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const raw = await readBody(req);
  if (!raw) return send(res, 413, { error: 'body too large' });
  // Not subscribed yet, so the secret is unknown: ask the hub to retry later.
  if (!verifier) return send(res, 503, { error: 'not ready' }, { 'retry-after': '5' });
  const headers = webhookHeaders(req);
  if (!headers) return send(res, 401, { error: 'missing webhook-id, webhook-timestamp or webhook-signature' });

  const verification = await verifier.verify(raw, headers);
  let event: CloudEvent = {};
  try {
    event = JSON.parse(raw.toString('utf8')) as CloudEvent;
  } catch {
    // reported below; a signed body that is not JSON is still the hub's problem, not a forgery
  }
  const summary = {
    webhookId: headers['webhook-id'],
    type: event.type,
    subject: event.subject,
    sequence: event.sequence,
    agreement: event.agreement,
    v1: verification.v1,
    v1a: verification.v1a,
    hubKid: verification.kid,
    dataKeys: event.data && typeof event.data === 'object' ? Object.keys(event.data) : [],
  };
  if (verification.v1 !== 'ok' || verification.v1a !== 'ok') {
    log.warn(summary, 'webhook refused: signature check failed');
    return send(res, 401, { error: 'signature verification failed', v1: verification.v1, v1a: verification.v1a });
  }
  if (seenWebhookIds.has(headers['webhook-id'])) {
    log.info({ webhookId: headers['webhook-id'], type: event.type }, 'duplicate delivery ignored');
    return send(res, 204);
  }
  seenWebhookIds.add(headers['webhook-id']);
  received.push({ webhookId: headers['webhook-id'], receivedAt: new Date().toISOString(), verification, event });
  log.info(summary, 'event received');
  send(res, 204);
}

const server = createServer((req, res) => {
  const path = new URL(req.url ?? '/', 'http://localhost').pathname;
  const route = `${req.method} ${path}`;
  const handle = async () => {
    switch (route) {
      case 'POST /webhook':
        return handleWebhook(req, res);
      case 'GET /received':
        return send(res, 200, received);
      case 'GET /health':
        return subscriptionId
          ? send(res, 200, { status: 'ok', subscriptionId })
          : send(res, 503, { status: 'starting' });
      default:
        return send(res, 404, { error: 'not found' });
    }
  };
  handle().catch((err) => {
    log.error({ err: err.message, route }, 'request failed');
    if (!res.headersSent) send(res, 500, { error: 'internal error' });
  });
});

async function start(): Promise<void> {
  await new Promise<void>((resolve) => server.listen(config.port, resolve));
  log.info({ port: config.port, hubUrl: config.hubUrl, publicUrl: config.publicUrl }, 'listening');

  const hub = new HubClient({
    hubUrl: config.hubUrl,
    log,
    token: () =>
      mintAgencyToken({
        agencyId: config.agencyId,
        privateJwkPath: config.privateJwkFile,
        scope: 'subscriptions:write feed:read',
        sub: config.sub,
        audience: config.audience,
      }),
  });
  await hub.waitForHealth();
  await hub.removeStaleSubscriptions(config.publicUrl);
  const subscription = await hub.subscribe(config.eventTypes, config.publicUrl);
  const ready = new WebhookVerifier(() => hub.fetchJwks(), subscription.secret);
  await ready.refreshKeys();
  verifier = ready;
  subscriptionId = subscription.id;
  log.info({ subscriptionId, eventTypes: subscription.eventTypes }, 'subscribed');
}

function shutdown(signal: string): void {
  log.info({ signal }, 'shutting down');
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 2000).unref();
}
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));

start().catch((err) => {
  log.fatal({ err: err.message }, 'could not start');
  process.exit(1);
});
