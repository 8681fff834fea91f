import { randomUUID } from 'node:crypto';
import { courtOutcome } from './court-stream';
import type { HubWorld } from './hub-world';

export interface Accepted {
  n: number;
  messageId: string;
  events: string[];
  acceptedAt: number;
}

/**
 * A court's case system: each message is sent with its own Idempotency-Key and resent with the
 * same key until the hub answers 202, as the contract asks of a sender (503 while a backing
 * service restarts, 409 while an earlier try of the same key is still held, connection errors).
 */
export class CourtSender {
  readonly accepted: Accepted[] = [];
  /** Answers other than 202 on the way, by kind ("503", "409", "network"). */
  readonly retries: Record<string, number> = {};

  constructor(
    private readonly world: HubWorld,
    private readonly apiUrl: () => string,
    private readonly run: string,
    private readonly court = 'court.leeds-crown',
  ) {}

  async send(n: number, giveUpAfterMs = 150_000): Promise<Accepted> {
    const key = randomUUID();
    const body = JSON.stringify(courtOutcome(this.run, n));
    const deadline = Date.now() + giveUpAfterMs;
    for (;;) {
      let kind: string;
      try {
        const res = await fetch(`${this.apiUrl()}/v1/inbound/court-outcomes`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${await this.world.token(this.court)}`,
            'content-type': 'application/json',
            'idempotency-key': key,
          },
          body,
          signal: AbortSignal.timeout(10_000),
        });
        const answer = (await res.json()) as { messageId: string; events: string[] };
        if (res.status === 202) {
          const a = { n, messageId: answer.messageId, events: answer.events, acceptedAt: Date.now() };
          this.accepted.push(a);
          return a;
        }
        if (res.status !== 409 && res.status < 500)
          throw new Error(`message ${n} refused with ${res.status}: ${JSON.stringify(answer)}`);
        kind = String(res.status);
      } catch (e) {
        if ((e as Error).message.startsWith(`message ${n} refused`)) throw e;
        kind = 'network';
      }
      this.retries[kind] = (this.retries[kind] ?? 0) + 1;
      if (Date.now() > deadline) throw new Error(`message ${n} not accepted after ${giveUpAfterMs} ms (last: ${kind})`);
      await new Promise((r) => setTimeout(r, kind === '409' ? 1000 : 300));
    }
  }

  /** Sends `count` messages at `perSecond`, each on its own (a slow one does not hold up the next). */
  async stream(count: number, perSecond: number): Promise<void> {
    const start = Date.now();
    const sends: Promise<Accepted>[] = [];
    for (let n = 0; n < count; n++) {
      const due = start + (n * 1000) / perSecond;
      if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
      sends.push(this.send(n));
    }
    await Promise.all(sends);
  }
}
