import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { affectedRows } from '../database/sql-rows';
import type { DataQualityFlag } from '../rules/schedule-3';
import { cursorTimeSql, pageOf, type KeysetPosition } from '../common/paging';

/** Flags raised from a subject's record; kept in step with it like its deadlines. */
@Injectable()
export class DataQualityRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Opens new flags; a flag whose cause is gone (e.g. a certificate arrived) is resolved. */
  async sync(m: EntityManager, subjectId: string, flags: DataQualityFlag[]): Promise<void> {
    for (const f of flags) {
      await m.query(
        `INSERT INTO data_quality_flags (subject_id, kind, ref, detail) VALUES ($1, $2, $3, $4)
         ON CONFLICT (subject_id, kind, ref) DO UPDATE SET detail = EXCLUDED.detail, status = 'open', resolved_at = NULL`,
        [subjectId, f.kind, f.ref, f.detail],
      );
    }
    await m.query(
      `UPDATE data_quality_flags SET status = 'resolved', resolved_at = now()
        WHERE subject_id = $1 AND status = 'open' AND NOT ((kind, ref) IN (SELECT * FROM unnest($2::text[], $3::text[])))`,
      [subjectId, flags.map((f) => f.kind), flags.map((f) => f.ref)],
    );
  }

  /** Open flags, newest first, a page at a time (keyset on raised_at, id). */
  async open(q: { limit: number; after: KeysetPosition | null }) {
    const rows: Record<string, any>[] = await this.dataSource.query(
      `SELECT id, subject_id, kind, ref, detail, raised_at, ${cursorTimeSql('raised_at')} AS raised_key
         FROM data_quality_flags
        WHERE status = 'open' AND ($2::timestamptz IS NULL OR (raised_at, id) < ($2::timestamptz, $3::uuid))
        ORDER BY raised_at DESC, id DESC LIMIT $1`,
      [q.limit + 1, q.after?.at ?? null, q.after?.id ?? null],
    );
    return pageOf(
      rows,
      q.limit,
      (r) => ({ at: r.raised_key, id: r.id }),
      (r) => ({
        subjectId: r.subject_id,
        kind: r.kind,
        ref: r.ref,
        detail: r.detail,
        raisedAt: new Date(r.raised_at).toISOString(),
      }),
    );
  }

  /** Erasure: the flags quote the conviction. */
  async eraseSubject(m: EntityManager, subjectId: string): Promise<{ dataQualityFlags: number }> {
    return {
      dataQualityFlags: await affectedRows(m, `DELETE FROM data_quality_flags WHERE subject_id = $1`, [subjectId]),
    };
  }
}
