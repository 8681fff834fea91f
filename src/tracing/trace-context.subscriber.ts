import { EventSubscriber, type EntitySubscriberInterface, type TransactionStartEvent } from 'typeorm';
import { currentTraceparent } from './tracer';

/** `traceparent` is 55 characters of hex and dashes; anything else is never sent to Postgres. */
const TRACEPARENT = /^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;

/**
 * At the start of each transaction, tells Postgres the active trace (transaction-local
 * `hub.traceparent`), which the events table takes as its default trace context. This is how
 * an inbound message's trace reaches its deliveries without any repository naming it.
 */
@EventSubscriber()
export class TraceContextSubscriber implements EntitySubscriberInterface {
  async afterTransactionStart(event: TransactionStartEvent): Promise<void> {
    const traceparent = currentTraceparent();
    if (!traceparent || !TRACEPARENT.test(traceparent)) return;
    await event.queryRunner.query(`SELECT set_config('hub.traceparent', $1, true)`, [traceparent]);
  }
}
