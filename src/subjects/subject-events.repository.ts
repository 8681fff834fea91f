import { sqlRows } from '../database/sql-rows';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { DomainEvent, EventType, HubEventType } from '../canonical/event-types';

export interface StoredEvent {
  id: string;
  subjectId: string;
  type: EventType;
  sequence: number;
  data: Record<string, unknown>;
  sourceAgency: string;
  inboundMessageId: string | null;
  /** Only these agencies may receive it (a correction); null: whoever agreements allow. */
  audience: string[] | null;
  /** The subject's current areas when it was raised: deliveries of it are judged on these (null: raised before they were kept). */
  areas: string[] | null;
  /** Raised by the bulk import of history: agreements decide whether such events are pushed (agreements.md). */
  backloaded?: boolean;
  createdAt: string;
}

/** An `events` row as the hub works with it. */
export function toStoredEvent(r: Record<string, any>): StoredEvent {
  return {
    id: r.id,
    subjectId: r.subject_id,
    type: r.type,
    sequence: Number(r.sequence),
    data: r.data,
    sourceAgency: r.source_agency,
    inboundMessageId: r.inbound_message_id,
    audience: r.audience ?? null,
    areas: r.areas ?? null,
    backloaded: r.backloaded === true,
    createdAt: new Date(r.created_at).toISOString(),
  };
}

/** Events about subjects, each with its per-subject sequence, and their outbox rows. */
@Injectable()
export class SubjectEventsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Appends events and their outbox rows in the caller's transaction; returns the event ids in order. */
  async append(
    manager: EntityManager,
    subjectId: string,
    events: DomainEvent[],
    sourceAgency: string,
    inboundMessageId: string | null,
    audience: string[] | null = null,
    backloaded = false,
  ): Promise<string[]> {
    if (!events.length) return [];
    // The subject's areas as the caller saved them with this change: who is responsible as the events happen.
    const [{ last_sequence, areas }] = await sqlRows<{ last_sequence: string; areas: string[] }>(
      manager,
      `UPDATE subjects SET last_sequence = last_sequence + $2 WHERE id = $1 RETURNING last_sequence, areas`,
      [subjectId, events.length],
    );
    const first = Number(last_sequence) - events.length + 1;
    // The events and their outbox rows (in sequence order) in one statement.
    const rows: { id: string; sequence: string }[] = await manager.query(
      `WITH inserted AS (
         INSERT INTO events (subject_id, type, sequence, data, source_agency, inbound_message_id, audience, areas, backloaded)
         SELECT $1, t, s, d, $5, $6, $7, $8, $9 FROM unnest($2::text[], $3::bigint[], $4::jsonb[]) WITH ORDINALITY AS x(t, s, d, n) ORDER BY n
         RETURNING id, sequence),
       outboxed AS (INSERT INTO outbox (event_id) SELECT id FROM inserted ORDER BY sequence)
       SELECT id, sequence FROM inserted`,
      [
        subjectId,
        events.map((e) => e.type),
        events.map((_, i) => first + i),
        events.map((e) => JSON.stringify(e.data)),
        sourceAgency,
        inboundMessageId,
        audience,
        areas,
        backloaded,
      ],
    );
    return rows.sort((a, b) => Number(a.sequence) - Number(b.sequence)).map((r) => r.id);
  }

  /**
   * One of the hub's own events (no subject, no outbox row: the caller makes its one delivery),
   * addressed to `audience` only; in the caller's transaction. Returns the id and when it was made.
   */
  async appendHubEvent(
    manager: EntityManager,
    type: HubEventType,
    data: Record<string, unknown>,
    audience: string[],
  ): Promise<{ id: string; createdAt: string }> {
    const [row] = await sqlRows<{ id: string; created_at: Date | string }>(
      manager,
      `INSERT INTO events (subject_id, type, sequence, data, source_agency, audience)
       VALUES (NULL, $1, 0, $2, 'hub', $3) RETURNING id, created_at`,
      [type, JSON.stringify(data), audience],
    );
    return { id: row.id, createdAt: new Date(row.created_at).toISOString() };
  }

  async findById(id: string, manager: EntityManager = this.dataSource.manager): Promise<StoredEvent | null> {
    const [row] = await manager.query(`SELECT * FROM events WHERE id = $1`, [id]);
    return row ? toStoredEvent(row) : null;
  }

  async findByIds(ids: string[]): Promise<StoredEvent[]> {
    const rows = await this.dataSource.query(`SELECT * FROM events WHERE id = ANY($1::uuid[])`, [ids]);
    return rows.map(toStoredEvent);
  }

  /** Each subject's events up to its sequence that are not yet routed, by subject then in sequence order. */
  async unroutedUpTo(manager: EntityManager, upTo: Map<string, number>): Promise<StoredEvent[]> {
    const rows = await manager.query(
      `SELECT e.* FROM unnest($1::uuid[], $2::bigint[]) AS t(subject_id, up_to)
         JOIN events e ON e.subject_id = t.subject_id AND e.sequence <= t.up_to
         JOIN outbox o ON o.event_id = e.id
        WHERE o.routed_at IS NULL
        ORDER BY e.subject_id, e.sequence`,
      [[...upTo.keys()], [...upTo.values()]],
    );
    return rows.map(toStoredEvent);
  }

  /** Newest first. */
  async timeline(subjectId: string, limit: number): Promise<StoredEvent[]> {
    const rows = await this.dataSource.query(
      `SELECT * FROM events WHERE subject_id = $1 ORDER BY sequence DESC LIMIT $2`,
      [subjectId, limit],
    );
    return rows.map(toStoredEvent);
  }

  /** Erasure: every event of the subject keeps its place (id, type, sequence) but no data. */
  async eraseSubject(manager: EntityManager, subjectId: string): Promise<{ events: number; eventIds: string[] }> {
    const rows = await sqlRows<{ id: string }>(
      manager,
      `UPDATE events SET data = '{}' WHERE subject_id = $1 RETURNING id`,
      [subjectId],
    );
    return { events: rows.length, eventIds: rows.map((r) => r.id) };
  }

  /** The W3C trace context the event was raised in, if it was traced (CloudEvents distributed tracing). */
  async traceContextOf(eventId: string): Promise<string | undefined> {
    const [row] = await sqlRows<{ trace_context: string | null }>(
      this.dataSource.manager,
      `SELECT trace_context FROM events WHERE id = $1`,
      [eventId],
    );
    return row?.trace_context ?? undefined;
  }
}
