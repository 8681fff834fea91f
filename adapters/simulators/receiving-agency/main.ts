/**
 * Receiving-agency simulator: what a police force or probation region runs to take events
 * from the hub. It subscribes by webhook and takes every delivery through the receiver kit
 * (adapters/receiver-kit: both signatures, the timestamp, duplicates by webhook-id, order by
 * sequence per subject), keeps what it received in memory and lists it at GET /received, each
 * subject's events in sequence order. For compose, demos and manual checks.
 *
 * Environment: AGENCY_ID, PRIVATE_JWK_FILE, HUB_URL, PUBLIC_URL (this service's webhook URL as
 * the hub reaches it), PORT (4000), EVENT_TYPES (comma list), HUB_AUDIENCE, TOKEN_SUB, LOG_LEVEL.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import pino from 'pino';
import { mintAgencyToken } from './agency-token';
import { HubClient } from './hub-client';
import {
  HubReceiver,
  inSubjectOrder,
  type OrderVerdict,
  type ReceivedCloudEvent,
  type Verification,
} from '../../receiver-kit';

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

interface ReceivedEvent {
  webhookId: string;
  receivedAt: string;
  verification: Verification;
  /** Where it fell among the subject's events: `late` ones arrived after a newer one. */
  order: OrderVerdict;
  event: ReceivedCloudEvent;
}

const received: ReceivedEvent[] = [];
let subscriptionId: string | undefined;
let receiver: HubReceiver | undefined;

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

async function handleWebhook(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const raw = await readBody(req);
  if (!raw) return send(res, 413, { error: 'body too large' });
  // Not subscribed yet, so the secret is unknown: ask the hub to retry later.
  if (!receiver) return send(res, 503, { error: 'not ready' }, { 'retry-after': '5' });

  const receipt = await receiver.receive(raw, req.headers);
  const { verification } = receipt;
  const checks = {
    webhookId: verification.webhookId,
    v1: verification.v1,
    v1a: verification.v1a,
    hubKid: verification.kid,
  };
  if (receipt.outcome === 'refused') {
    log.warn({ ...checks, reason: receipt.reason }, 'webhook refused');
    return send(res, receipt.status, { error: receipt.reason, v1: verification.v1, v1a: verification.v1a });
  }
  if (receipt.outcome === 'duplicate') {
    log.info(checks, 'duplicate delivery ignored');
    return send(res, receipt.status);
  }
  const { event, order } = receipt;
  received.push({
    webhookId: receipt.verification.webhookId!,
    receivedAt: new Date().toISOString(),
    verification,
    order,
    event,
  });
  log.info(
    {
      ...checks,
      type: event.type,
      subject: event.subject,
      sequence: event.sequence,
      order,
      agreement: event.agreement,
      dataKeys: event.data && typeof event.data === 'object' ? Object.keys(event.data) : [],
    },
    'event received',
  );
  send(res, receipt.status);
}

const server = createServer((req, res) => {
  const path = new URL(req.url ?? '/', 'http://localhost').pathname;
  const route = `${req.method} ${path}`;
  const handle = async () => {
    switch (route) {
      case 'POST /webhook':
        return handleWebhook(req, res);
      case 'GET /received':
        return send(
          res,
          200,
          inSubjectOrder(received, (r) => r.event),
        );
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
  receiver = new HubReceiver({
    secrets: subscription.secret,
    jwks: new URL('/.well-known/jwks.json', config.hubUrl),
  });
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
