import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  body: string;
  event: {
    id: string;
    type: string;
    subject: string;
    agreement: string;
    sequence: string;
    sequencenum: number;
    data: Record<string, any>;
  } & Record<string, any>;
}

/** A scripted answer: a status, or a status with headers (e.g. Retry-After). */
export type ScriptedAnswer = number | { status: number; headers?: Record<string, string> };

/** A real HTTP receiver on loopback that records every delivery; its answers can be scripted. */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  /** Status to answer with for the next requests (then 204). */
  answers: ScriptedAnswer[] = [];
  /** Every request, whatever it was answered with. */
  requests = 0;
  /** Awaited before a 2xx is answered (an agency acting inside its handler, e.g. acknowledging). */
  beforeAnswer: ((event: ReceivedWebhook['event']) => Promise<void>) | null = null;
  /** Every attempt in order: when, which webhook-id, what was answered. */
  readonly attempts: { at: number; webhookId: string; status: number }[] = [];
  private server!: Server;

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', async () => {
        const body = Buffer.concat(chunks).toString('utf8');
        this.requests += 1;
        const answer = this.answers.shift() ?? 204;
        const { status, headers } = typeof answer === 'number' ? { status: answer, headers: {} } : answer;
        this.attempts.push({ at: Date.now(), webhookId: String(req.headers['webhook-id']), status });
        if (status < 300) {
          const event = JSON.parse(body);
          this.received.push({ headers: req.headers, body, event });
          await this.beforeAnswer?.(event).catch(() => undefined);
        }
        res.writeHead(status, headers).end();
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return this;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/webhook`;
  }

  types(): string[] {
    return this.received.map((r) => r.event.type);
  }

  /** Waits until the receiver holds something matching; fails with what it did get. */
  async waitFor(predicate: (r: ReceivedWebhook[]) => boolean, timeoutMs = 15000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this.received)) {
      if (Date.now() > deadline) throw new Error(`receiver timed out; got ${JSON.stringify(this.types())}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  async close(): Promise<void> {
    await new Promise((resolve) => this.server.close(resolve));
  }
}
