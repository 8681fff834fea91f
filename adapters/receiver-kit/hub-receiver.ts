import { WebhookDeduplicator } from './deduplicator';
import { SubjectOrder, type OrderVerdict } from './subject-order';
import { WebhookVerifier, type Verification, type VerifierOptions, type WebhookHeaders } from './webhook-verifier';

/** The CloudEvent attributes the kit reads; the rest (data, agreement, ...) are passed through. */
export interface ReceivedCloudEvent {
  id: string;
  type: string;
  subject: string;
  sequence: string;
  [attribute: string]: unknown;
}

export type Receipt =
  /** Verified and new: take it (the status is what to answer the hub). */
  | { outcome: 'accepted'; status: 204; event: ReceivedCloudEvent; order: OrderVerdict; verification: Verification }
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
    return { outcome: 'accepted', status: 204, event, order: this.order.observe(event), verification };
  }
}

function parseCloudEvent(rawBody: Buffer | string): ReceivedCloudEvent | undefined {
  try {
    const event = JSON.parse(rawBody.toString()) as Partial<ReceivedCloudEvent>;
    const ok = ['id', 'type', 'subject'].every((k) => typeof event[k] === 'string');
    return ok && typeof event.sequence === 'string' ? (event as ReceivedCloudEvent) : undefined;
  } catch {
    return undefined;
  }
}
