import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The W3C trace context of the request that raised each event, so its deliveries (minutes or
 * days later, from another process) continue the same trace. Filled by default from the
 * transaction's `hub.traceparent` setting (TraceContextSubscriber sets it), so no insert
 * needs to name it; NULL for events raised without a trace (clocks, merges).
 */
export class EventTraceContext1765760000000 implements MigrationInterface {
  name = 'EventTraceContext1765760000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE events ADD COLUMN trace_context text DEFAULT NULLIF(current_setting('hub.traceparent', true), '')`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE events DROP COLUMN trace_context`);
  }
}
