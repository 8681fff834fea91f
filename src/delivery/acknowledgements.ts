import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { AuditLog } from '../audit/audit-log';
import type { Caller } from '../auth/agency';
import { affectedRows, sqlRows } from '../database/sql-rows';
import { RECEIVED_STATUSES } from './delivery.repository';
import { cursorTimeSql, pageOf, type KeysetPosition } from '../common/paging';

export interface Acknowledgement {
  eventId: string;
  agency: string;
  acknowledgedBy: string;
  acknowledgedAt: string;
  note?: string;
}

const toView = (r: Record<string, any>): Acknowledgement => ({
  eventId: r.event_id,
  agency: r.agency_id,
  acknowledgedBy: r.acknowledged_by,
  acknowledgedAt: new Date(r.acknowledged_at).toISOString(),
  ...(r.note ? { note: r.note } : {}),
});

/**
 * A receiving agency's confirmation that it has taken an event onto its own record: one per
 * (event, agency), only for an event sent to it. "Sent" includes a webhook still in flight: an
 * agency may acknowledge from inside its handler, before the hub has recorded the 2xx, and an
 * event id (a random UUID) is known only to those it was sent to.
 */
@Injectable()
export class Acknowledgements {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
  ) {}

  /** `created` false: it was acknowledged before, and this is the first acknowledgement. Null: never received. */
  async acknowledge(
    caller: Caller,
    eventId: string,
    note: string | undefined,
  ): Promise<{ created: boolean; acknowledgement: Acknowledgement } | null> {
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(eventId)) return null;
    return this.dataSource.transaction(async (m) => {
      const [received] = await m.query(
        `SELECT d.agreement_ids, e.subject_id FROM deliveries d JOIN events e ON e.id = d.event_id
          WHERE d.event_id = $1 AND d.agency_id = $2 AND d.status = ANY($3) LIMIT 1`,
        [eventId, caller.agency.id, RECEIVED_STATUSES],
      );
      if (!received) return null;
      const inserted = await sqlRows(
        m,
        `INSERT INTO acknowledgements (event_id, agency_id, acknowledged_by, note) VALUES ($1, $2, $3, $4)
         ON CONFLICT (event_id, agency_id) DO NOTHING RETURNING *`,
        [eventId, caller.agency.id, caller.sub, note ?? null],
      );
      if (inserted.length) {
        await this.audit.record(
          {
            action: 'COLLECTION',
            operation: 'event.acknowledged',
            agencyId: caller.agency.id,
            actorSub: caller.sub,
            subjectId: received.subject_id,
            agreementIds: received.agreement_ids,
            correlationId: eventId,
          },
          m,
        );
        return { created: true, acknowledgement: toView(inserted[0]) };
      }
      const [existing] = await m.query(`SELECT * FROM acknowledgements WHERE event_id = $1 AND agency_id = $2`, [
        eventId,
        caller.agency.id,
      ]);
      return { created: false, acknowledgement: toView(existing) };
    });
  }

  /** Deliveries past their acknowledgement deadline with no acknowledgement, oldest first. */
  /** Oldest deadline first, a page at a time (keyset on ack_due_at, id). */
  async overdue(q: { limit: number; agency?: string; after: KeysetPosition | null }) {
    const rows: Record<string, any>[] = await this.dataSource.query(
      `SELECT d.id, d.event_id, d.agency_id, d.agreement_ids, d.delivered_at, d.ack_due_at, d.ack_overdue_raised_at, e.type, e.subject_id, e.source_agency,
              ${cursorTimeSql('d.ack_due_at')} AS due_key
         FROM deliveries d JOIN events e ON e.id = d.event_id
        WHERE d.ack_due_at < now() AND d.status = 'delivered' AND ($2::text IS NULL OR d.agency_id = $2)
          AND NOT EXISTS (SELECT 1 FROM acknowledgements a WHERE a.event_id = d.event_id AND a.agency_id = d.agency_id)
          AND ($3::timestamptz IS NULL OR (d.ack_due_at, d.id) > ($3::timestamptz, $4::uuid))
        ORDER BY d.ack_due_at, d.id LIMIT $1`,
      [q.limit + 1, q.agency ?? null, q.after?.at ?? null, q.after?.id ?? null],
    );
    return pageOf(
      rows,
      q.limit,
      (r) => ({ at: r.due_key, id: r.id }),
      (r) => ({
        deliveryId: r.id,
        eventId: r.event_id,
        eventType: r.type,
        subjectId: r.subject_id,
        recipient: r.agency_id,
        sourceAgency: r.source_agency,
        agreementIds: r.agreement_ids,
        deliveredAt: new Date(r.delivered_at).toISOString(),
        ackDueAt: new Date(r.ack_due_at).toISOString(),
        overdueRaisedAt: r.ack_overdue_raised_at ? new Date(r.ack_overdue_raised_at).toISOString() : null,
      }),
    );
  }

  /** Erasure: a note a recipient wrote about these events may name the person. */
  async eraseNotesForEvents(m: EntityManager, eventIds: string[]): Promise<{ acknowledgementNotes: number }> {
    return {
      acknowledgementNotes: await affectedRows(
        m,
        `UPDATE acknowledgements SET note = NULL WHERE event_id = ANY($1::uuid[]) AND note IS NOT NULL`,
        [eventIds],
      ),
    };
  }
}
