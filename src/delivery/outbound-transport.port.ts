/** One HTTP delivery attempt, already signed. */
export interface OutboundRequest {
  url: string;
  body: string;
  headers: Record<string, string>;
  timeoutMs: number;
}

export type OutboundResult =
  { kind: 'answered'; status: number; retryAfterMs?: number } | { kind: 'unreachable'; reason: string };

/** The outbound port: how a signed delivery reaches a receiver (adapters/outbound/webhook). */
export interface OutboundTransport {
  send(request: OutboundRequest): Promise<OutboundResult>;
}

export const OUTBOUND_TRANSPORT = Symbol('OUTBOUND_TRANSPORT');
