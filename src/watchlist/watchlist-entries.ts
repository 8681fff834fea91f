import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { CivilDate } from '../canonical/civil-date';
import type { SubjectRecord } from '../canonical/subject-record';
import { affectedRows, sqlRows } from '../database/sql-rows';
import { identityKey } from '../canonical/identity-details';
import { wantedWatches } from '../rules/watch-rules';

export interface WatchlistEntry {
  id: string;
  subjectId: string;
  orderRef: string;
  wanted: boolean;
  state: 'not-lodged' | 'lodged' | 'withdrawn';
  lodgeRequestId: string;
  withdrawRequestId: string;
  watchlistRef: string | null;
  reason: string | null;
  validUntil: string | null;
  /** The subject's identity the entry should carry (src/canonical/identity-details.ts). */
  identityKey: string | null;
  /**
   * HMPO holds other terms or another identity than the hub now wants (a variation moved the end;
   * a new name, alias, date of birth or passport): withdraw, then lodge again.
   */
  stale: boolean;
  agreementIds: string[];
  blockedReason: string | null;
  attempts: number;
  lastError: string | null;
  updatedAt: string;
}

// HMPO holds other terms, or another identity, than the hub now wants (the index of migration 1766940000000 matches it).
const STALE = `(lodged_valid_until IS DISTINCT FROM valid_until OR lodged_reason IS DISTINCT FROM reason
   OR (identity_key IS NOT NULL AND lodged_identity_key IS DISTINCT FROM identity_key))`;
const COLUMNS = `id, subject_id, order_ref, wanted, state, lodge_request_id, withdraw_request_id, watchlist_ref, reason, valid_until::text AS valid_until,
                 identity_key, (state = 'lodged' AND ${STALE}) AS stale, agreement_ids, blocked_reason, attempts, last_error, updated_at`;
const OUTSTANDING = `((wanted AND state <> 'lodged') OR (NOT wanted AND state = 'lodged')
   OR (wanted AND state = 'lodged' AND ${STALE}))`;

const toEntry = (r: Record<string, any>): WatchlistEntry => ({
  id: r.id,
  subjectId: r.subject_id,
  orderRef: r.order_ref,
  wanted: r.wanted,
  state: r.state,
  lodgeRequestId: r.lodge_request_id,
  withdrawRequestId: r.withdraw_request_id,
  watchlistRef: r.watchlist_ref,
  reason: r.reason,
  validUntil: r.valid_until,
  identityKey: r.identity_key,
  stale: r.stale,
  agreementIds: r.agreement_ids,
  blockedReason: r.blocked_reason,
  attempts: r.attempts,
  lastError: r.last_error,
  updatedAt: new Date(r.updated_at).toISOString(),
});

/** What the hub wants on HMPO's watchlist for each subject's orders, and what HMPO holds. */
@Injectable()
export class WatchlistEntries {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Brings the wanted state in line with the record (in the caller's transaction, which holds
   * the subject's lock). Returns the ids of entries that now have work to do.
   */
  async sync(m: EntityManager, subjectId: string, record: SubjectRecord, today: CivilDate): Promise<string[]> {
    const wanted = wantedWatches(record, today);
    const identity = identityKey(record);
    for (const w of wanted) {
      await m.query(
        `INSERT INTO watchlist_entries (subject_id, order_ref, wanted, reason, valid_until, identity_key) VALUES ($1, $2, true, $3, $4, $5)
         ON CONFLICT (subject_id, order_ref) DO UPDATE SET
           wanted = true, reason = EXCLUDED.reason, valid_until = EXCLUDED.valid_until, identity_key = EXCLUDED.identity_key, updated_at = now(),
           -- wanted again after a withdrawal: a new lodgement, so a new RequestId
           lodge_request_id = CASE WHEN watchlist_entries.state = 'withdrawn' THEN gen_random_uuid() ELSE watchlist_entries.lodge_request_id END,
           withdraw_request_id = CASE WHEN watchlist_entries.state = 'withdrawn' THEN gen_random_uuid() ELSE watchlist_entries.withdraw_request_id END,
           state = CASE WHEN watchlist_entries.state = 'withdrawn' THEN 'not-lodged' ELSE watchlist_entries.state END`,
        [subjectId, w.orderRef, w.reason, w.validUntil, identity],
      );
    }
    await m.query(
      `UPDATE watchlist_entries SET wanted = false, updated_at = now() WHERE subject_id = $1 AND wanted AND NOT (order_ref = ANY($2::text[]))`,
      [subjectId, wanted.map((w) => w.orderRef)],
    );
    const rows = await m.query(`SELECT id FROM watchlist_entries WHERE subject_id = $1 AND ${OUTSTANDING}`, [
      subjectId,
    ]);
    return rows.map((r: { id: string }) => r.id);
  }

  async find(id: string): Promise<WatchlistEntry | null> {
    const [row] = await this.dataSource.query(`SELECT ${COLUMNS} FROM watchlist_entries WHERE id = $1`, [id]);
    return row ? toEntry(row) : null;
  }

  async findByRef(m: EntityManager, watchlistRef: string): Promise<WatchlistEntry | null> {
    const [row] = await m.query(`SELECT ${COLUMNS} FROM watchlist_entries WHERE watchlist_ref = $1`, [watchlistRef]);
    return row ? toEntry(row) : null;
  }

  /** A subject's entries with work for HMPO, read in the caller's transaction. */
  async outstandingFor(m: EntityManager, subjectId: string): Promise<WatchlistEntry[]> {
    const rows = await m.query(`SELECT ${COLUMNS} FROM watchlist_entries WHERE subject_id = $1 AND ${OUTSTANDING}`, [
      subjectId,
    ]);
    return rows.map(toEntry);
  }

  async outstandingIds(limit: number): Promise<string[]> {
    const rows = await this.dataSource.query(
      `SELECT id FROM watchlist_entries WHERE ${OUTSTANDING} ORDER BY updated_at LIMIT $1`,
      [limit],
    );
    return rows.map((r: { id: string }) => r.id);
  }

  async list(status: 'outstanding' | 'all', limit: number): Promise<WatchlistEntry[]> {
    const rows = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM watchlist_entries ${status === 'outstanding' ? `WHERE ${OUTSTANDING}` : ''} ORDER BY updated_at DESC LIMIT $1`,
      [limit],
    );
    return rows.map(toEntry);
  }

  /** How far HMPO is behind: requests it has not accepted, those held back (no agreement, no HMPO_URL), the oldest wait. */
  async outstandingSummary(): Promise<{ outstanding: number; blocked: number; oldestSeconds: number }> {
    const [row] = await this.dataSource.query(
      `SELECT count(*)::int AS outstanding,
              count(*) FILTER (WHERE blocked_reason IS NOT NULL)::int AS blocked,
              COALESCE(EXTRACT(EPOCH FROM now() - min(updated_at)), 0)::float AS oldest_seconds
         FROM watchlist_entries WHERE ${OUTSTANDING}`,
    );
    return { outstanding: row.outstanding, blocked: row.blocked, oldestSeconds: Math.round(row.oldest_seconds) };
  }

  /** Records why it could not go (no agreement, no HMPO_URL, refused); the sweep tries again. */
  async block(id: string, reason: string, payload?: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE watchlist_entries SET blocked_reason = $2, payload = COALESCE($3, payload), updated_at = now() WHERE id = $1`,
      [id, reason, payload ?? null],
    );
  }

  async failedAttempt(id: string, error: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE watchlist_entries SET attempts = attempts + 1, last_error = $2, blocked_reason = NULL, updated_at = now() WHERE id = $1`,
      [id, error.slice(0, 500)],
    );
  }

  /** True when this call moved it (a duplicate worker finds it already moved). */
  async markLodged(
    m: EntityManager,
    id: string,
    watchlistRef: string,
    payload: string,
    agreementIds: string[],
    terms: { validUntil: string | null; reason: string | null; identityKey: string | null },
  ): Promise<boolean> {
    const rows = await sqlRows(
      m,
      `UPDATE watchlist_entries SET state = 'lodged', watchlist_ref = $2, payload = $3, agreement_ids = $4, attempts = attempts + 1,
              lodged_valid_until = $5::date, lodged_reason = $6, lodged_identity_key = $7, blocked_reason = NULL, last_error = NULL, updated_at = now()
        WHERE id = $1 AND state <> 'lodged' RETURNING id`,
      [id, watchlistRef, payload, agreementIds, terms.validUntil, terms.reason, terms.identityKey],
    );
    return rows.length > 0;
  }

  async markWithdrawn(m: EntityManager, id: string): Promise<boolean> {
    const rows = await sqlRows(
      m,
      // Still wanted (withdrawn only to change its terms): ready to lodge anew, under new RequestIds.
      `UPDATE watchlist_entries SET attempts = attempts + 1, blocked_reason = NULL, last_error = NULL, updated_at = now(),
              state = CASE WHEN wanted THEN 'not-lodged' ELSE 'withdrawn' END,
              watchlist_ref = CASE WHEN wanted THEN NULL ELSE watchlist_ref END,
              lodge_request_id = CASE WHEN wanted THEN gen_random_uuid() ELSE lodge_request_id END,
              withdraw_request_id = CASE WHEN wanted THEN gen_random_uuid() ELSE withdraw_request_id END
        WHERE id = $1 AND state = 'lodged' RETURNING id`,
      [id],
    );
    return rows.length > 0;
  }

  /** Erasure: the payload sent to HMPO and the identity lodged name the person; the entry's state stays. */
  async eraseSubject(m: EntityManager, subjectId: string): Promise<{ watchlistPayloads: number }> {
    // The identity the entry carries (names, date of birth, passport) names the person too.
    await m.query(
      `UPDATE watchlist_entries SET identity_key = NULL, lodged_identity_key = NULL, updated_at = now()
        WHERE subject_id = $1 AND (identity_key IS NOT NULL OR lodged_identity_key IS NOT NULL)`,
      [subjectId],
    );
    return {
      watchlistPayloads: await affectedRows(
        m,
        `UPDATE watchlist_entries SET payload = NULL, updated_at = now() WHERE subject_id = $1 AND payload IS NOT NULL`,
        [subjectId],
      ),
    };
  }

  /** A merge: the absorbed subject's entries now belong to the survivor. */
  async moveToSubject(m: EntityManager, from: string, to: string): Promise<void> {
    await m.query(`UPDATE watchlist_entries SET subject_id = $1, updated_at = now() WHERE subject_id = $2`, [to, from]);
  }

  /** An unmerge: the entries of these orders go back to the subject they belong to again. */
  async returnOrdersTo(m: EntityManager, subjectId: string, from: string, orderRefs: string[]): Promise<void> {
    await m.query(
      `UPDATE watchlist_entries SET subject_id = $1, updated_at = now() WHERE subject_id = $2 AND order_ref = ANY($3::text[])`,
      [subjectId, from, orderRefs],
    );
  }
}
