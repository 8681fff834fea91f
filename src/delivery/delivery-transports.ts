import { Inject, Injectable } from '@nestjs/common';
import { DELIVERY_KIND_NAMES, isPushed, type PushedDeliveryKind } from '../canonical/delivery-kinds';
import { DELIVERY_TRANSPORTS, type DeliveryTransport } from './delivery-transport.port';

/**
 * The transport of each pushed delivery kind. Built at start: a pushed kind without exactly one
 * transport refuses start, so a kind added to the list but not wired fails at once, not at its
 * first delivery.
 */
@Injectable()
export class DeliveryTransports {
  private readonly byKind = new Map<PushedDeliveryKind, DeliveryTransport>();

  constructor(@Inject(DELIVERY_TRANSPORTS) transports: DeliveryTransport[]) {
    for (const transport of transports) {
      if (this.byKind.has(transport.kind)) throw new Error(`Two transports for delivery kind ${transport.kind}`);
      this.byKind.set(transport.kind, transport);
    }
    const missing = DELIVERY_KIND_NAMES.filter((kind) => isPushed(kind) && !this.byKind.has(kind));
    if (missing.length) throw new Error(`No transport for delivery kind ${missing.join(', ')}`);
  }

  for(kind: PushedDeliveryKind): DeliveryTransport {
    return this.byKind.get(kind)!;
  }
}
