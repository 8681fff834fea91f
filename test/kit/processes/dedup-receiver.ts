import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** How the receiver behaves right now. */
export type ReceiverMode = { kind: 'ok' } | { kind: 'fail'; status: number } | { kind: 'hang'; ms: number };

export interface Receipt {
  webhookId: string;
  eventId: string;
  eventType: string;
  subjectId: string;
  sequence: string;
  /** When this webhook-id was first taken (ms since epoch). */
  at: number;
}

/**
 * A receiving agency as the Standard Webhooks spec asks receivers to be: it takes each
 * webhook-id once and answers 2xx to a repeat without processing it again. Its answers can be
 * switched to failures or hangs to play an agency having a bad day. In `hang` mode it takes the
 * message and only answers after `ms`, past the hub's timeout: the hub retries what the
 * receiver already has, and the dedup must absorb it.
 */
export class DedupReceiver {
  mode: ReceiverMode = { kind: 'ok' };
  /** Every request, whatever the answer. */
  requests = 0;
  /** Requests answered 2xx for a webhook-id already taken. */
  duplicates = 0;
  readonly receipts = new Map<string, Receipt>();
  /** The first receipt of each event (CloudEvent id). */
  readonly byEvent = new Map<string, Receipt>();
  private server!: Server;
  private readonly sockets = new Set<Socket>();

  constructor(readonly name: string) {}

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.keepAliveTimeout = 5000;
    this.server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return this;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hub-events`;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    this.requests++;
    const mode = this.mode;
    if (mode.kind === 'fail') {
      res.writeHead(mode.status).end();
      return;
    }
    this.take(String(req.headers['webhook-id']), Buffer.concat(chunks).toString('utf8'));
    if (mode.kind === 'hang') await new Promise((r) => setTimeout(r, mode.ms));
    if (!res.destroyed) res.writeHead(204).end();
  }

  private take(webhookId: string, body: string): void {
    if (this.receipts.has(webhookId)) {
      this.duplicates++;
      return;
    }
    const event = JSON.parse(body) as { id: string; type: string; subject: string; sequence: string };
    const receipt = {
      webhookId,
      eventId: event.id,
      eventType: event.type,
      subjectId: event.subject,
      sequence: event.sequence,
      at: Date.now(),
    };
    this.receipts.set(webhookId, receipt);
    if (!this.byEvent.has(event.id)) this.byEvent.set(event.id, receipt);
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise((resolve) => this.server.close(resolve));
  }
}
