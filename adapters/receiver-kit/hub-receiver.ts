import { WebhookDeduplicator } from './deduplicator';
import { SubjectOrder, type OrderVerdict, type SequencedEvent } from './subject-order';
import { WebhookVerifier, type Verification, type VerifierOptions, type WebhookHeaders } from './webhook-verifier';

/** The CloudEvent attributes the kit reads; the rest (data, agreement, ...) are passed through. */
export interface ReceivedCloudEvent {
  id: string;
  type: string;
  /** Absent, with `sequence`, on the hub's own events (`hub.*`, e.g. a test delivery): they concern no subject. */
  subject?: string;
  sequence?: string;
  [attribute: string]: unknown;
}

export type Receipt =
  /** Verified and new: take it (the status is what to answer the hub). */
  /** `order` is null for the hub's own events, which belong to no subject's sequence. */
  | {
      outcome: 'accepted';
      status: 204;
      event: ReceivedCloudEvent;
      order: OrderVerdict | null;
      verification: Verification;
    }
  /** Seen before under this webhook-id: answer 2xx so the hub stops retrying, do nothing else. */
  | { outcome: 'duplicate'; status: 204; webhookId: string; verification: Verification }
  /** A signature or the timestamp failed, or the body is not a CloudEvent: never trust it. */
  | { outcome: 'refused'; status: 401 | 400; reason: string; verification: Verification };

/**
 * What a receiving agency's webhook does with each request from the hub, in the order that
 * matters: verify (signatures and timestamp) before reading anything, then drop repeats by
 * `webhook-id`, then place the event among the subject's others by `sequence`.
 */
export class HubReceiver {
  readonly verifier: WebhookVerifier;

  constructor(
    options: VerifierOptions,
    readonly dedup = new WebhookDeduplicator(),
    readonly order = new SubjectOrder(),
  ) {
    this.verifier = new WebhookVerifier(options);
  }

  async receive(rawBody: Buffer | string, headers: WebhookHeaders): Promise<Receipt> {
    const verification = await this.verifier.verify(rawBody, headers);
    if (!verification.ok) {
      const reason = [verification.v1, verification.v1a].find((r) => r.startsWith('failed')) ?? 'failed';
      return { outcome: 'refused', status: 401, reason, verification };
    }
    const webhookId = verification.webhookId!;
    const event = parseCloudEvent(rawBody);
    if (!event) return { outcome: 'refused', status: 400, reason: 'body is not a CloudEvent', verification };
    if (!this.dedup.firstTime(webhookId)) return { outcome: 'duplicate', status: 204, webhookId, verification };
    const order = event.subject === undefined ? null : this.order.observe(event as SequencedEvent);
    return { outcome: 'accepted', status: 204, event, order, verification };
  }
}

function parseCloudEvent(rawBody: Buffer | string): ReceivedCloudEvent | undefined {
  try {
    const event = JSON.parse(rawBody.toString()) as Partial<ReceivedCloudEvent>;
    if (typeof event.id !== 'string' || typeof event.type !== 'string') return undefined;
    const aboutSubject = typeof event.subject === 'string' && typeof event.sequence === 'string';
    const hubOwn = event.type.startsWith('hub.') && event.subject === undefined && event.sequence === undefined;
    return aboutSubject || hubOwn ? (event as ReceivedCloudEvent) : undefined;
  } catch {
    return undefined;
  }
}
