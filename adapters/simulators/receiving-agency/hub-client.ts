import type { Logger } from 'pino';

/** What the simulator needs from the hub: readiness and its own subscription (the receiver kit fetches the keys). */
export interface HubClientOptions {
  hubUrl: string;
  /** Returns a fresh bearer token for each call. */
  token: () => Promise<string>;
  log: Logger;
}

export interface CreatedSubscription {
  id: string;
  agency: string;
  eventTypes: string[];
  delivery: { mode: string; url?: string };
  secret: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class HubClient {
  constructor(private readonly options: HubClientOptions) {}

  private url(path: string): string {
    return new URL(path, this.options.hubUrl).toString();
  }

  /** Polls GET /health until 200, backing off 1 s → 10 s; gives up after `timeoutMs`. */
  async waitForHealth(timeoutMs = 120_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let delay = 1000;
    for (let attempt = 1; ; attempt++) {
      let outcome: string;
      try {
        const res = await fetch(this.url('/health'), { signal: AbortSignal.timeout(5000) });
        if (res.status === 200) return;
        outcome = `status ${res.status}`;
      } catch (err) {
        outcome = err.cause?.code ?? err.message;
      }
      if (Date.now() + delay > deadline) {
        throw new Error(`hub not healthy at ${this.url('/health')} after ${attempt} attempts (${outcome})`);
      }
      this.options.log.info({ attempt, outcome, retryInMs: delay }, 'waiting for the hub');
      await sleep(delay);
      delay = Math.min(delay * 2, 10_000);
    }
  }

  private async call(method: string, path: string, body?: unknown): Promise<Response> {
    return fetch(this.url(path), {
      method,
      headers: {
        authorization: `Bearer ${await this.options.token()}`,
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
  }

  /**
   * Removes this agency's earlier subscriptions to the same URL (left by a previous run, whose
   * secret is lost), so that the hub does not keep sending copies this process cannot verify.
   * Best effort: a failure is logged, not fatal.
   */
  async removeStaleSubscriptions(webhookUrl: string): Promise<void> {
    try {
      const res = await this.call('GET', '/v1/subscriptions');
      if (!res.ok) throw new Error(`GET /v1/subscriptions answered ${res.status}`);
      const body = (await res.json()) as unknown;
      const list = (
        Array.isArray(body) ? body : ((body as { subscriptions?: unknown[] }).subscriptions ?? [])
      ) as CreatedSubscription[];
      for (const sub of list.filter((s) => s.delivery?.url === webhookUrl)) {
        const del = await this.call('DELETE', `/v1/subscriptions/${encodeURIComponent(sub.id)}`);
        this.options.log.info({ subscriptionId: sub.id, status: del.status }, 'removed stale subscription');
      }
    } catch (err) {
      this.options.log.warn({ err: err.message }, 'could not tidy earlier subscriptions');
    }
  }

  /** POST /v1/subscriptions in webhook mode; the returned secret is shown only this once. */
  async subscribe(eventTypes: string[], webhookUrl: string): Promise<CreatedSubscription> {
    const res = await this.call('POST', '/v1/subscriptions', {
      eventTypes,
      delivery: { mode: 'webhook', url: webhookUrl },
    });
    const text = await res.text();
    if (res.status !== 201) throw new Error(`POST /v1/subscriptions answered ${res.status}: ${text.slice(0, 500)}`);
    const created = JSON.parse(text) as CreatedSubscription;
    if (typeof created.secret !== 'string') throw new Error('subscription created without a secret');
    return created;
  }
}
