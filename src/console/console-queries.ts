import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { CivilDate } from '../canonical/civil-date';
import type { ResponsibilityFact } from '../canonical/subject-record';
import { Handovers } from '../responsibility/handovers';
import { OpenGaps } from '../responsibility/open-gaps';

const n = (v: unknown) => Number(v ?? 0);

export interface Overview {
  messages: { adapter: string; hour: string; accepted: number; rejected: number }[];
  deliveries: { agency: string; status: string; count: number }[];
  latency: { agency: string; p95Seconds: number }[];
  waiting: { agency: string; depth: number; oldestSeconds: number }[];
  dead: number;
  quarantined: number;
  waitingTotal: number;
}

/** Read-only figures for the console, straight from Postgres (the truth), never from Redis. */
@Injectable()
export class ConsoleQueries {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly openGaps: OpenGaps,
    private readonly handovers: Handovers,
  ) {}

  async overview(): Promise<Overview> {
    const [messages, deliveries, latency, waiting, counts] = await Promise.all([
      this.dataSource.query(
        `SELECT adapter, to_char(date_trunc('hour', received_at) AT TIME ZONE 'Europe/London', 'YYYY-MM-DD HH24:00') AS hour,
                count(*) FILTER (WHERE status = 'accepted') AS accepted, count(*) FILTER (WHERE status = 'rejected') AS rejected
           FROM inbound_messages WHERE received_at > now() - interval '24 hours' GROUP BY 1, 2 ORDER BY 2 DESC, 1`,
      ),
      this.dataSource.query(`SELECT agency_id, status, count(*) AS count FROM deliveries GROUP BY 1, 2 ORDER BY 1, 2`),
      this.dataSource.query(
        `SELECT d.agency_id, percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM d.delivered_at - e.created_at)) AS p95
           FROM deliveries d JOIN events e ON e.id = d.event_id
          WHERE d.delivered_at > now() - interval '24 hours' AND d.feed_position IS NULL GROUP BY 1 ORDER BY 1`,
      ),
      this.dataSource.query(
        `SELECT agency_id, count(*) AS depth, extract(epoch FROM now() - min(created_at)) AS oldest
           FROM deliveries WHERE status IN ('pending', 'failed') GROUP BY 1 ORDER BY 1`,
      ),
      this.dataSource.query(
        `SELECT (SELECT count(*) FROM deliveries WHERE status = 'dead') AS dead,
                (SELECT count(*) FROM inbound_messages WHERE status = 'rejected') AS quarantined,
                (SELECT count(*) FROM deliveries WHERE status IN ('pending', 'failed')) AS waiting`,
      ),
    ]);
    return {
      messages: messages.map((r: Record<string, unknown>) => ({
        adapter: String(r.adapter),
        hour: String(r.hour),
        accepted: n(r.accepted),
        rejected: n(r.rejected),
      })),
      deliveries: deliveries.map((r: Record<string, unknown>) => ({
        agency: String(r.agency_id),
        status: String(r.status),
        count: n(r.count),
      })),
      latency: latency.map((r: Record<string, unknown>) => ({
        agency: String(r.agency_id),
        p95Seconds: Math.round(n(r.p95) * 100) / 100,
      })),
      waiting: waiting.map((r: Record<string, unknown>) => ({
        agency: String(r.agency_id),
        depth: n(r.depth),
        oldestSeconds: Math.round(n(r.oldest)),
      })),
      dead: n(counts[0].dead),
      quarantined: n(counts[0].quarantined),
      waitingTotal: n(counts[0].waiting),
    };
  }

  /** Management information: one list of (section, key, value) rows, shown as tables and exported as CSV. A merged-away subject counts once, as its survivor. */
  async managementInformation(today: CivilDate): Promise<{ section: string; key: string; value: number }[]> {
    const [registered, deadlines, unacknowledged, mappa, risk, reviews, gaps, handovers] = await Promise.all([
      this.dataSource.query(
        `SELECT area, count(*) AS count FROM subjects s, unnest(s.areas) AS area
          WHERE s.merged_into IS NULL AND EXISTS (SELECT 1 FROM jsonb_array_elements(s.record->'registrations') r
                         WHERE r->>'endDate' IS NULL OR (r->>'endDate')::date >= $1::date)
          GROUP BY 1 ORDER BY 1`,
        [today],
      ),
      this.dataSource.query(
        `SELECT kind, CASE WHEN due_on < $1::date THEN 'overdue' ELSE 'due' END AS state, coalesce(area, '(none)') AS area, count(*) AS count
           FROM deadlines LEFT JOIN LATERAL unnest(areas) AS area ON true
          WHERE status = 'open' AND due_from <= $1::date GROUP BY 1, 2, 3 ORDER BY 2, 1, 3`,
        [today],
      ),
      this.dataSource.query(
        `SELECT d.agency_id, e.type, count(*) AS count FROM deliveries d JOIN events e ON e.id = d.event_id
          WHERE d.status = 'delivered' AND e.type IN ('risk.level.changed', 'risk.assessed', 'mappa.changed')
            AND NOT EXISTS (SELECT 1 FROM acknowledgements a WHERE a.event_id = d.event_id AND a.agency_id = d.agency_id)
          GROUP BY 1, 2 ORDER BY 1, 2`,
      ),
      this.dataSource.query(
        `SELECT 'category ' || (record->'mappa'->0->>'category') || ', level ' || (record->'mappa'->0->>'level') AS key, count(*) AS count
           FROM subjects WHERE merged_into IS NULL AND jsonb_array_length(coalesce(record->'mappa', '[]'::jsonb)) > 0 GROUP BY 1 ORDER BY 1`,
      ),
      this.dataSource.query(
        `SELECT record->'riskAssessments'->0->>'roshOverall' AS key, count(*) AS count
           FROM subjects WHERE merged_into IS NULL AND jsonb_array_length(coalesce(record->'riskAssessments', '[]'::jsonb)) > 0 GROUP BY 1 ORDER BY 1`,
      ),
      this.dataSource.query(
        `SELECT CASE WHEN created_at > now() - interval '1 day' THEN '1 under a day'
                     WHEN created_at > now() - interval '7 days' THEN '2 one to seven days'
                     ELSE '3 over seven days' END AS key, count(*) AS count
           FROM identity_reviews WHERE status = 'open' GROUP BY 1 ORDER BY 1`,
      ),
      this.openGaps.countByArea(today),
      this.handovers.unacknowledgedByArea(),
    ]);
    const byArea = (section: string, counts: Map<string, number>) =>
      [...counts].sort(([a], [b]) => a.localeCompare(b)).map(([key, value]) => ({ section, key, value }));
    return [
      ...registered.map((r: Record<string, unknown>) => ({
        section: 'Registered subjects by area',
        key: String(r.area),
        value: n(r.count),
      })),
      ...deadlines.map((r: Record<string, unknown>) => ({
        section: `Deadlines ${r.state} by kind and area`,
        key: `${r.kind} / ${r.area}`,
        value: n(r.count),
      })),
      ...mappa.map((r: Record<string, unknown>) => ({
        section: 'Subjects by MAPPA category and level',
        key: String(r.key),
        value: n(r.count),
      })),
      ...risk.map((r: Record<string, unknown>) => ({
        section: 'Subjects by current risk of serious harm',
        key: String(r.key),
        value: n(r.count),
      })),
      ...unacknowledged.map((r: Record<string, unknown>) => ({
        section: 'Unacknowledged risk changes by recipient',
        key: `${r.agency_id} / ${r.type}`,
        value: n(r.count),
      })),
      ...byArea('Open responsibility gaps by area', gaps),
      ...byArea('Unacknowledged licence-end handovers by area', handovers),
      // Sorted by the digit, shown without it.
      ...reviews.map((r: Record<string, unknown>) => ({
        section: 'Identity reviews waiting, by how long',
        key: String(r.key).slice(2),
        value: n(r.count),
      })),
    ];
  }

  async flowedThisWeek(): Promise<Map<string, number>> {
    const rows = await this.dataSource.query(
      `SELECT agreement, count(*) AS count FROM deliveries, unnest(agreement_ids) AS agreement
        WHERE status = 'delivered' AND delivered_at > now() - interval '7 days' GROUP BY 1`,
    );
    return new Map(rows.map((r: Record<string, unknown>) => [String(r.agreement), n(r.count)]));
  }

  /** Who received what about a subject, and when: the disclosure history a DPO is asked for. */
  async subjectHistory(subjectId: string) {
    if (!/^[0-9a-f-]{36}$/i.test(subjectId)) return null;
    const [subject] = await this.dataSource.query(
      `SELECT id, areas, created_at, record->'responsibility' AS responsibility FROM subjects WHERE id = $1`,
      [subjectId],
    );
    if (!subject) return null;
    const rows: Record<string, any>[] = await this.dataSource.query(
      `SELECT e.id, e.type, e.sequence, e.created_at, e.source_agency,
              d.agency_id, d.status, d.delivered_at, d.agreement_ids, d.feed_position IS NOT NULL AS via_feed,
              a.acknowledged_at
         FROM events e
         LEFT JOIN deliveries d ON d.event_id = e.id
         LEFT JOIN acknowledgements a ON a.event_id = e.id AND a.agency_id = d.agency_id
        WHERE e.subject_id = $1
        ORDER BY e.sequence DESC, d.agency_id`,
      [subjectId],
    );
    return {
      subjectId,
      areas: subject.areas as string[],
      since: new Date(subject.created_at).toISOString(),
      // Who was responsible when, oldest first: agencies, units, areas and dates, no personal data.
      responsibility: ((subject.responsibility ?? []) as ResponsibilityFact[])
        .map((f) => ({
          kind: f.kind,
          holder: [f.agency, f.unit?.code].filter(Boolean).join(' '),
          area: f.area,
          from: f.from,
          to: f.to ?? '',
          statedBy: f.provenance.agency,
        }))
        .sort((a, b) => a.from.localeCompare(b.from)),
      rows: rows.map((r) => ({
        sequence: Number(r.sequence),
        type: String(r.type),
        at: new Date(r.created_at).toISOString(),
        from: String(r.source_agency),
        recipient: r.agency_id ? `${r.agency_id}${r.via_feed ? ' (feed)' : ''}` : '',
        status: r.status ?? '',
        deliveredAt: r.delivered_at ? new Date(r.delivered_at).toISOString() : '',
        agreements: (r.agreement_ids ?? []).join(' '),
        acknowledgedAt: r.acknowledged_at ? new Date(r.acknowledged_at).toISOString() : '',
      })),
    };
  }

  async quarantinedMessage(id: string): Promise<{
    id: string;
    agency: string;
    adapter: string;
    receivedAt: string;
    contentType: string;
    reason: unknown;
    body: string;
  } | null> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
    const [r] = await this.dataSource.query(
      `SELECT id, agency_id, adapter, received_at, content_type, rejection, body FROM inbound_messages WHERE id = $1 AND status = 'rejected'`,
      [id],
    );
    return r
      ? {
          id: r.id,
          agency: r.agency_id,
          adapter: r.adapter,
          receivedAt: new Date(r.received_at).toISOString(),
          contentType: r.content_type,
          reason: r.rejection,
          body: r.body,
        }
      : null;
  }
}

/** RFC 4180 CSV. */
export function toCsv(rows: { section: string; key: string; value: number }[]): string {
  const cell = (v: unknown) => (/[",\n\r]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));
  return (
    ['section,key,value', ...rows.map((r) => [r.section, r.key, r.value].map(cell).join(','))].join('\r\n') + '\r\n'
  );
}
