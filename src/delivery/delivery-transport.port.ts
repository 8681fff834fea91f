import type { PushedDeliveryKind } from '../canonical/delivery-kinds';

/** One attempt at one delivery, as the core hands it to the kind's transport. */
export interface OutgoingDelivery {
  /** The delivery's id: the receiver's deduplication key (webhook-id for webhooks). */
  deliveryId: string;
  agencyId: string;
  /** Where the subscription asked for it (its url; null for a kind with no target). */
  target: string | null;
  /** The CloudEvent, serialised once, exactly as it is disclosed and audited. */
  body: string;
  /**
   * The subscription's own secrets, opened for this attempt, newest first: the current one, and
   * during a rotation's overlap the one it replaced (empty when it has none).
   */
  subscriptionSecrets: string[];
  /** W3C trace context naming this attempt, to be passed on to the receiver. */
  traceparent?: string;
}

/**
 * What one attempt came to. `statusCode` is the receiver's own answer where it has one (HTTP),
 * kept on the delivery row for operators.
 * - delivered: the receiver has it.
 * - retry: try again on the schedule; `afterMs` when the receiver said when (Retry-After).
 * - permanent: the receiver refused it and will refuse it again: dead-lettered now.
 * - gone: the receiver says the subscription no longer exists: dead-lettered and the
 *   subscription disabled.
 */
export type TransportResult =
  | { outcome: 'delivered'; statusCode?: number }
  | { outcome: 'retry'; reason: string; statusCode?: number; afterMs?: number }
  | { outcome: 'permanent'; reason: string; statusCode?: number }
  | { outcome: 'gone'; reason: string; statusCode?: number };

/** The outbound port: how a pushed delivery kind reaches its receiver (adapters/outbound/<kind>). */
export interface DeliveryTransport {
  readonly kind: PushedDeliveryKind;
  send(delivery: OutgoingDelivery): Promise<TransportResult>;
}

/** Every transport the wiring module provides, one per pushed kind (see DeliveryTransports). */
export const DELIVERY_TRANSPORTS = Symbol('DELIVERY_TRANSPORTS');

/** What a transport that signs may use: the hub's own key (src/auth/hub-signing-key). */
export interface HubSigner {
  sign(data: string): string;
}
