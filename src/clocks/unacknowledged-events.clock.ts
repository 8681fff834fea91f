import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { SubjectEventsRepository } from '../subjects/subject-events.repository';
import type { Clock } from './clock.port';

const BATCH = 200;

/**
 * Deliveries not acknowledged within their agreement's `ackWithin` become `deadline.overdue`
 * events about the subject, once each, so the side that sent the information (and anyone
 * entitled to the event) learns the recipient has not taken it on.
 */
@Injectable()
export class UnacknowledgedEventsClock implements Clock {
  readonly name = 'unacknowledged-events';

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly events: SubjectEventsRepository,
  ) {}

  async tick(now: Date): Promise<number> {
    return this.dataSource.transaction(async (m) => {
      const overdue: Record<string, any>[] = await m.query(
        `SELECT d.id, d.event_id, d.agency_id, d.ack_due_at, e.type, e.subject_id, e.source_agency
           FROM deliveries d JOIN events e ON e.id = d.event_id
          WHERE d.ack_due_at < $1 AND d.ack_overdue_raised_at IS NULL AND d.status = 'delivered'
            AND NOT EXISTS (SELECT 1 FROM acknowledgements a WHERE a.event_id = d.event_id AND a.agency_id = d.agency_id)
          ORDER BY d.ack_due_at LIMIT ${BATCH}
          FOR UPDATE OF d SKIP LOCKED`,
        [now],
      );
      for (const r of overdue) {
        await this.events.append(
          m,
          r.subject_id,
          [
            {
              type: 'deadline.overdue',
              data: {
                deadline: {
                  kind: 'EVENT_UNACKNOWLEDGED',
                  dueAt: new Date(r.ack_due_at).toISOString(),
                  eventId: r.event_id,
                  eventType: r.type,
                  recipient: r.agency_id,
                  sourceAgency: r.source_agency,
                },
              },
            },
          ],
          'hub',
          null,
        );
      }
      if (overdue.length)
        await m.query(`UPDATE deliveries SET ack_overdue_raised_at = $2 WHERE id = ANY($1::uuid[])`, [
          overdue.map((r) => r.id),
          now,
        ]);
      return overdue.length;
    });
  }
}
