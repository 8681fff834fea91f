import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { affectedRows, sqlRows } from '../database/sql-rows';
import { emptySubjectRecord, type SubjectRecord } from '../canonical/subject-record';

export interface StoredSubject {
  id: string;
  record: SubjectRecord;
  areas: string[];
  /** Set while this subject is merged into another: reads and new facts go to that one. */
  mergedInto: string | null;
  createdAt: string;
  updatedAt: string;
}

function toStored(row: Record<string, any>): StoredSubject {
  const record = row.record && Object.keys(row.record).length ? (row.record as SubjectRecord) : emptySubjectRecord();
  return {
    id: row.id,
    record,
    areas: row.areas,
    mergedInto: row.merged_into ?? null,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

/** The canonical record in Postgres: one row per subject, the record as a JSON document. */
@Injectable()
export class SubjectRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Loads a subject for change; the row stays locked until the transaction ends. */
  async lockForUpdate(manager: EntityManager, id: string): Promise<StoredSubject> {
    const [row] = await manager.query(`SELECT * FROM subjects WHERE id = $1 FOR UPDATE`, [id]);
    if (!row) throw new Error(`subject ${id} vanished inside its transaction`);
    return toStored(row);
  }

  /** `areas` are the record's current areas (src/responsibility): stored so the disclosure policy reads them as a column. */
  async save(manager: EntityManager, id: string, record: SubjectRecord, areas: string[]): Promise<void> {
    await manager.query(
      `UPDATE subjects SET record = $2, areas = $3, responsibility_derived_at = now(), updated_at = now() WHERE id = $1`,
      [id, JSON.stringify(record), areas],
    );
  }

  async findById(id: string, manager: EntityManager = this.dataSource.manager): Promise<StoredSubject | null> {
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return null;
    // An erased subject is a tombstone: no record to read.
    const [row] = await manager.query(`SELECT * FROM subjects WHERE id = $1 AND erased_at IS NULL`, [id]);
    return row ? toStored(row) : null;
  }

  /** The subjects found among `ids` (erased ones are not), by id. */
  async findByIds(
    ids: string[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<Map<string, StoredSubject>> {
    const rows: Record<string, any>[] = await manager.query(
      `SELECT * FROM subjects WHERE id = ANY($1::uuid[]) AND erased_at IS NULL`,
      [ids],
    );
    return new Map(rows.map((r) => [r.id as string, toStored(r)]));
  }

  async findIdByIdentifier(scheme: string, value: string): Promise<string | null> {
    const [row] = await this.dataSource.query(
      `SELECT subject_id FROM subject_identifiers WHERE scheme = $1 AND value = $2`,
      [scheme, value],
    );
    return row?.subject_id ?? null;
  }

  /** Which subject holds each order ref already (orders belong to one person). */
  async orderOwners(manager: EntityManager, orderRefs: string[]): Promise<Map<string, string>> {
    if (!orderRefs.length) return new Map();
    const rows: { order_ref: string; subject_id: string }[] = await manager.query(
      `SELECT order_ref, subject_id FROM order_refs WHERE order_ref = ANY($1)`,
      [orderRefs],
    );
    return new Map(rows.map((r) => [r.order_ref, r.subject_id]));
  }

  async indexOrders(manager: EntityManager, subjectId: string, orderRefs: string[]): Promise<void> {
    if (!orderRefs.length) return;
    await manager.query(
      `INSERT INTO order_refs (order_ref, subject_id) SELECT r, $2 FROM unnest($1::text[]) AS r ON CONFLICT DO NOTHING`,
      [orderRefs, subjectId],
    );
  }

  /** The record as stored, erased or not (erasure reads it to know what else names the person). */
  async recordOf(manager: EntityManager, id: string): Promise<Partial<SubjectRecord>> {
    const [row] = await sqlRows<{ record: Partial<SubjectRecord> | null }>(
      manager,
      `SELECT record FROM subjects WHERE id = $1`,
      [id],
    );
    return row?.record ?? {};
  }

  /** Erasure: the subject's orders go; the row stays as a tombstone (record emptied, erased_at set). */
  async eraseSubject(manager: EntityManager, id: string): Promise<{ orderRefs: number }> {
    const orderRefs = await affectedRows(manager, `DELETE FROM order_refs WHERE subject_id = $1`, [id]);
    await manager.query(
      `UPDATE subjects SET record = '{}', areas = '{}', erased_at = now(), updated_at = now() WHERE id = $1`,
      [id],
    );
    return { orderRefs };
  }

  /** Of these subjects, those not erased. */
  async notErased(manager: EntityManager, ids: string[]): Promise<Set<string>> {
    if (!ids.length) return new Set();
    const rows = await sqlRows<{ id: string }>(
      manager,
      `SELECT id FROM subjects WHERE id = ANY($1::uuid[]) AND erased_at IS NULL`,
      [ids],
    );
    return new Set(rows.map((r) => r.id));
  }

  /**
   * Locks the live (not erased) subjects among `ids`, in id order so two merges of one pair
   * never deadlock; answers the ids it found.
   */
  async lockLive(manager: EntityManager, ids: string[]): Promise<Set<string>> {
    const rows = await sqlRows<{ id: string }>(
      manager,
      `SELECT id FROM subjects WHERE id = ANY($1::uuid[]) AND erased_at IS NULL ORDER BY id FOR UPDATE`,
      [ids],
    );
    return new Set(rows.map((r) => r.id));
  }

  /** A merge points the absorbed subject at its survivor; an unmerge (null) points it back at itself. */
  async setMergedInto(manager: EntityManager, id: string, survivorId: string | null): Promise<void> {
    await manager.query(`UPDATE subjects SET merged_into = $2, updated_at = now() WHERE id = $1`, [id, survivorId]);
  }

  async areasOf(manager: EntityManager, id: string): Promise<string[]> {
    const [row] = await sqlRows<{ areas: string[] }>(manager, `SELECT areas FROM subjects WHERE id = $1`, [id]);
    return row?.areas ?? [];
  }

  async orderRefsOf(manager: EntityManager, id: string): Promise<string[]> {
    const rows = await sqlRows<{ order_ref: string }>(
      manager,
      `SELECT order_ref FROM order_refs WHERE subject_id = $1 ORDER BY 1`,
      [id],
    );
    return rows.map((r) => r.order_ref);
  }

  /** A merge: the absorbed subject's orders now find the survivor. */
  async moveOrders(manager: EntityManager, from: string, to: string): Promise<void> {
    await manager.query(`UPDATE order_refs SET subject_id = $1 WHERE subject_id = $2`, [to, from]);
  }

  /** An unmerge clears each side's orders before putting back what it held. */
  async clearOrders(manager: EntityManager, id: string): Promise<void> {
    await manager.query(`DELETE FROM order_refs WHERE subject_id = $1`, [id]);
  }
}
