/**
 * Drops deliveries already taken: the hub delivers at least once, and a retry (or a replay of
 * the same delivery) carries the same `webhook-id`. Remembers the newest `capacity` ids; keep
 * them in your own database instead when a restart must not forget them.
 */
export class WebhookDeduplicator {
  private readonly seen = new Set<string>();

  constructor(private readonly capacity = 100_000) {}

  /** True the first time a webhook-id is offered, false for every repeat. */
  firstTime(webhookId: string): boolean {
    if (this.seen.has(webhookId)) return false;
    this.seen.add(webhookId);
    // A Set iterates in insertion order: the first is the oldest.
    if (this.seen.size > this.capacity) this.seen.delete(this.seen.values().next().value as string);
    return true;
  }

  /** Forgets an id, e.g. when storing the event failed and the hub's retry must be taken. */
  forget(webhookId: string): void {
    this.seen.delete(webhookId);
  }
}
