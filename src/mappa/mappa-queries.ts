import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { addDays, todayInLondon, type CivilDate } from '../canonical/civil-date';
import { RECEIVED_STATUSES } from '../delivery/delivery.repository';
import type { DeadlineRules } from '../rules/deadline-rules';
import { DEADLINE_RULES } from '../rules/rules.module';

/** One action as operators and the console list it: ids, owner, dates and state, no free text. */
export interface ActionListItem {
  subjectId: string;
  meetingId: string;
  actionId: string;
  area: string;
  heldOn: CivilDate;
  owner: string;
  chair: string;
  dueOn: CivilDate;
  status: string;
  overdue: boolean;
  escalated: boolean;
}

/** One minute an agency received and has not acknowledged. */
export interface UnacknowledgedMinute {
  eventId: string;
  subjectId: string;
  meetingId: string;
  area: string;
  heldOn: CivilDate;
  recipient: string;
  deliveryStatus: string;
  deliveredAt: string | null;
  ackDueAt: string | null;
  overdue: boolean;
}

/** Where a minute's acknowledgement stands for one recipient (MI: within ackWithin or not). */
export interface MinuteReceipt {
  recipient: string;
  area: string;
  deliveredAt: string;
  ackDueAt: string | null;
  acknowledgedAt: string | null;
}

const OPEN = ['OPEN', 'BLOCKED'];

/**
 * MAPPA actions and minutes across subjects, for operators and MI: read from the records' own
 * meetings (nothing is copied out of the record) and from deliveries and acknowledgements.
 */
@Injectable()
export class MappaQueries {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(DEADLINE_RULES) private readonly rules: DeadlineRules,
  ) {}

  /** Days past its due date before an open action is escalated to the chair (reference data). */
  get escalateAfterDays(): number {
    return this.rules.MAPPA_ACTION_ESCALATED.escalateAfterDays ?? 5;
  }

  async actions(filter: { status: 'open' | 'overdue'; area?: string; limit: number }, today = todayInLondon()) {
    const rows: Record<string, string>[] = await this.dataSource.query(
      `SELECT s.id AS subject_id, m->>'meetingId' AS meeting_id, m->>'area' AS area, m->>'heldOn' AS held_on,
              m->'chair'->>'agency' AS chair, a->>'actionId' AS action_id, a->'owner'->>'agency' AS owner,
              a->>'dueOn' AS due_on, a->>'status' AS status
         FROM subjects s
        CROSS JOIN LATERAL jsonb_array_elements(coalesce(s.record->'mappaMeetings', '[]'::jsonb)) m
        CROSS JOIN LATERAL jsonb_array_elements(m->'actions') a
        WHERE s.erased_at IS NULL AND s.merged_into IS NULL
          AND a->>'status' = ANY($1) AND ($2::text IS NULL OR m->>'area' = $2)
          AND ($3::text IS NULL OR a->>'dueOn' < $3)
        ORDER BY a->>'dueOn', s.id, a->>'actionId' LIMIT $4`,
      [OPEN, filter.area ?? null, filter.status === 'overdue' ? today : null, filter.limit],
    );
    const escalateFrom = addDays(today, -this.escalateAfterDays);
    return rows.map((r): ActionListItem => ({
      subjectId: r.subject_id,
      meetingId: r.meeting_id,
      actionId: r.action_id,
      area: r.area,
      heldOn: r.held_on,
      owner: r.owner,
      chair: r.chair,
      dueOn: r.due_on,
      status: r.status,
      overdue: r.due_on < today,
      // Escalated the day after dueOn + escalateAfterDays, as the clock raises it.
      escalated: r.due_on < escalateFrom,
    }));
  }

  /** The owner's own action by the unit's id, on a record the hub still holds; null: not theirs (or none). */
  async ownedAction(actionId: string, owner: string): Promise<{ subjectId: string; meetingId: string } | null> {
    const [row] = await this.dataSource.query(
      `SELECT s.id AS subject_id, m->>'meetingId' AS meeting_id
         FROM subjects s
        CROSS JOIN LATERAL jsonb_array_elements(coalesce(s.record->'mappaMeetings', '[]'::jsonb)) m
        CROSS JOIN LATERAL jsonb_array_elements(m->'actions') a
        WHERE s.erased_at IS NULL AND s.merged_into IS NULL AND a->>'actionId' = $1 AND a->'owner'->>'agency' = $2
        ORDER BY m->>'heldOn' DESC LIMIT 1`,
      [actionId, owner],
    );
    return row ? { subjectId: row.subject_id, meetingId: row.meeting_id } : null;
  }

  /** Minutes each recipient has received and not acknowledged, oldest first. */
  async unacknowledgedMinutes(filter: { area?: string; limit: number }): Promise<UnacknowledgedMinute[]> {
    const rows: Record<string, any>[] = await this.dataSource.query(
      `SELECT DISTINCT ON (e.created_at, d.event_id, d.agency_id)
              d.event_id, d.agency_id, d.status, d.delivered_at, d.ack_due_at, e.subject_id,
              e.data->'mappa'->'meetings'->>'meetingId' AS meeting_id,
              e.data->'mappa'->'meetings'->>'area' AS area,
              e.data->'mappa'->'meetings'->>'heldOn' AS held_on
         FROM deliveries d JOIN events e ON e.id = d.event_id
        WHERE e.type = 'mappa.meeting.held' AND d.status = ANY($1)
          AND ($2::text IS NULL OR e.data->'mappa'->'meetings'->>'area' = $2)
          AND NOT EXISTS (SELECT 1 FROM acknowledgements k WHERE k.event_id = d.event_id AND k.agency_id = d.agency_id)
        ORDER BY e.created_at, d.event_id, d.agency_id, d.delivered_at NULLS LAST LIMIT $3`,
      [RECEIVED_STATUSES, filter.area ?? null, filter.limit],
    );
    const now = Date.now();
    return rows.map((r) => ({
      eventId: r.event_id,
      subjectId: r.subject_id,
      meetingId: r.meeting_id,
      area: r.area,
      heldOn: r.held_on,
      recipient: r.agency_id,
      deliveryStatus: r.status,
      deliveredAt: r.delivered_at ? new Date(r.delivered_at).toISOString() : null,
      ackDueAt: r.ack_due_at ? new Date(r.ack_due_at).toISOString() : null,
      overdue: r.ack_due_at ? new Date(r.ack_due_at).getTime() < now : false,
    }));
  }

  /** Every minute delivered since `since`, with its first acknowledgement per recipient (for MI). */
  async minuteReceipts(since: string, area?: string): Promise<MinuteReceipt[]> {
    const rows: Record<string, any>[] = await this.dataSource.query(
      `SELECT d.agency_id, e.data->'mappa'->'meetings'->>'area' AS area,
              min(d.delivered_at) AS delivered_at, min(d.ack_due_at) AS ack_due_at, min(k.acknowledged_at) AS acknowledged_at
         FROM deliveries d JOIN events e ON e.id = d.event_id
         LEFT JOIN acknowledgements k ON k.event_id = d.event_id AND k.agency_id = d.agency_id
        WHERE e.type = 'mappa.meeting.held' AND d.status = 'delivered' AND d.delivered_at >= $1
          AND ($2::text IS NULL OR e.data->'mappa'->'meetings'->>'area' = $2)
        GROUP BY d.event_id, d.agency_id, e.data->'mappa'->'meetings'->>'area'`,
      [since, area ?? null],
    );
    const iso = (v: unknown) => (v ? new Date(v as string).toISOString() : null);
    return rows.map((r) => ({
      recipient: r.agency_id,
      area: r.area,
      deliveredAt: iso(r.delivered_at)!,
      ackDueAt: iso(r.ack_due_at),
      acknowledgedAt: iso(r.acknowledged_at),
    }));
  }
}
