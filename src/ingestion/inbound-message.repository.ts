import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { affectedRows, sqlRows } from '../database/sql-rows';
import { mentionsPersonSql, type PersonMarks } from '../database/person-mentions';
import type { ProblemDetails } from '../common/problem';
import { maskProblem } from '../common/quarantine-masking';
import { cursorTimeSql, pageOf, type KeysetPosition, type Page } from '../common/paging';

export interface InboundMessageToStore {
  agencyId: string;
  adapter: string;
  idempotencyKey: string | null;
  sourceMessageId: string | null;
  contentType: string | null;
  /** Exactly the bytes the agency sent (or, with `sentApart`, those bytes less what is withheld). */
  body: Buffer;
  bodySha256: string;
  /** The message exactly as sent, when it holds text kept apart (a victim section); never read back. */
  sentApart?: Buffer;
}

/**
 * PostgreSQL text holds no NUL and only UTF-8: a body it cannot hold as sent keeps its exact
 * bytes in body_bytes, with a readable copy (NUL and bad bytes as U+FFFD) in body.
 */
function storable(raw: Buffer): { text: string; bytes: Buffer | null } {
  const text = raw.toString('utf8');
  if (!text.includes('\0') && Buffer.from(text, 'utf8').equals(raw)) return { text, bytes: null };
  return { text: text.replaceAll('\0', '\uFFFD'), bytes: raw };
}

export interface QuarantinedMessage {
  messageId: string;
  agency: string;
  adapter: string;
  idempotencyKey: string | null;
  sourceMessageId: string | null;
  contentType: string | null;
  receivedAt: string;
  reason: ProblemDetails;
  sizeBytes: number;
  bodySha256: string;
}

/** Every message an agency sent, as received: accepted ones and quarantined rejections. */
@Injectable()
export class InboundMessageRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insertAccepted(m: InboundMessageToStore, manager: EntityManager): Promise<string> {
    const body = storable(m.body);
    const rows = await manager.query(
      `INSERT INTO inbound_messages (agency_id, adapter, idempotency_key, source_message_id, content_type, body, body_bytes, body_sha256, status)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,'accepted') RETURNING id`,
      [m.agencyId, m.adapter, m.idempotencyKey, m.sourceMessageId, m.contentType, body.text, body.bytes, m.bodySha256],
    );
    await this.keepApart(rows[0].id, m, manager);
    return rows[0].id;
  }

  /** The message as sent, beside the one kept, when part of it must never leave the hub. */
  private async keepApart(id: string, m: InboundMessageToStore, manager: EntityManager): Promise<void> {
    if (!m.sentApart) return;
    // The same readable-text rule as the kept body (a NUL cannot be stored in text).
    const text = storable(m.sentApart).text;
    await manager.query(`INSERT INTO victim_sections (inbound_message_id, sent_body) VALUES ($1, $2)`, [id, text]);
  }

  async setSubjects(id: string, subjectIds: string[], manager: EntityManager): Promise<void> {
    await manager.query(`UPDATE inbound_messages SET subject_ids = $2 WHERE id = $1`, [id, subjectIds]);
  }

  /** Keeps a rejected message as sent, with the reason it was refused as operators may see it (names masked). */
  async quarantine(
    m: InboundMessageToStore,
    reason: ProblemDetails,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<string> {
    const body = storable(m.body);
    const rows = await manager.query(
      `INSERT INTO inbound_messages (agency_id, adapter, idempotency_key, source_message_id, content_type, body, body_bytes, body_sha256, status, rejection)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,'rejected',$9) RETURNING id`,
      [
        m.agencyId,
        m.adapter,
        m.idempotencyKey,
        m.sourceMessageId,
        m.contentType,
        body.text,
        body.bytes,
        m.bodySha256,
        JSON.stringify(maskProblem(reason)),
      ],
    );
    await this.keepApart(rows[0].id, m, manager);
    return rows[0].id;
  }

  /** Newest first; the body itself is not listed (it holds personal data). */
  /** Rejected messages, newest first, a page at a time (keyset on received_at, id). */
  async listQuarantine(opts: {
    agency?: string;
    limit: number;
    after?: KeysetPosition | null;
  }): Promise<Page<QuarantinedMessage>> {
    const rows: Record<string, any>[] = await this.dataSource.query(
      `SELECT id, agency_id, adapter, idempotency_key, source_message_id, content_type, received_at, rejection,
              coalesce(octet_length(body_bytes), octet_length(body)) AS size, body_sha256, ${cursorTimeSql('received_at')} AS received_key
         FROM inbound_messages
        WHERE status = 'rejected' AND ($1::text IS NULL OR agency_id = $1)
          AND ($2::timestamptz IS NULL OR (received_at, id) < ($2::timestamptz, $3::uuid))
        ORDER BY received_at DESC, id DESC LIMIT $4`,
      [opts.agency ?? null, opts.after?.at ?? null, opts.after?.id ?? null, opts.limit + 1],
    );
    return pageOf(
      rows,
      opts.limit,
      (r) => ({ at: r.received_key, id: r.id }),
      (r): QuarantinedMessage => ({
        messageId: r.id,
        agency: r.agency_id,
        adapter: r.adapter,
        idempotencyKey: r.idempotency_key,
        sourceMessageId: r.source_message_id,
        contentType: r.content_type,
        receivedAt: new Date(r.received_at).toISOString(),
        reason: r.rejection,
        sizeBytes: Number(r.size),
        bodySha256: r.body_sha256,
      }),
    );
  }

  /** Accepted messages that touched this subject and still have their body, with every subject each touched. */
  async heldAbout(manager: EntityManager, subjectId: string): Promise<{ id: string; subjectIds: string[] }[]> {
    const rows = await sqlRows<{ id: string; subject_ids: string[] }>(
      manager,
      `SELECT id, subject_ids FROM inbound_messages WHERE subject_ids @> ARRAY[$1::uuid] AND erased_at IS NULL`,
      [subjectId],
    );
    return rows.map((r) => ({ id: r.id, subjectIds: r.subject_ids }));
  }

  /** Erasure: these messages lose their body (the fingerprint stays, so a resend is still known). */
  async eraseBodies(manager: EntityManager, ids: string[]): Promise<number> {
    if (!ids.length) return 0;
    // What was kept apart of those messages (a victim section) goes with them.
    await manager.query(`DELETE FROM victim_sections WHERE inbound_message_id = ANY($1::uuid[])`, [ids]);
    return affectedRows(
      manager,
      `UPDATE inbound_messages SET body = '', body_bytes = NULL, erased_at = now() WHERE id = ANY($1::uuid[]) AND erased_at IS NULL`,
      [ids],
    );
  }

  /** Erasure: quarantined messages about the person (refused before they were matched to anyone). */
  async eraseQuarantinedMentioning(
    manager: EntityManager,
    marks: PersonMarks,
  ): Promise<{ quarantinedMessages: number }> {
    const mentions = mentionsPersonSql('im.body', marks, 1);
    return {
      quarantinedMessages: await affectedRows(
        manager,
        `UPDATE inbound_messages im SET body = '', body_bytes = NULL, erased_at = now()
          WHERE im.status = 'rejected' AND im.erased_at IS NULL AND ${mentions.sql}`,
        mentions.params,
      ),
    };
  }
}
