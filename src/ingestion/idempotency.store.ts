import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';

/** How long a request may hold its key before another attempt may take it over (a crashed worker). */
const LEASE_SECONDS = 60;

export type IdempotencyClaim =
  | { outcome: 'claimed' }
  | { outcome: 'replay'; status: number; body: unknown }
  | { outcome: 'in-progress' }
  | { outcome: 'different-body' };

/**
 * Idempotency-Key semantics (IETF draft): the key is claimed in its own short transaction so a
 * concurrent retry sees it in progress (409); only accepted results are bound to the key and
 * replayed; a rejected request releases it so the agency can correct and resend.
 */
@Injectable()
export class IdempotencyStore {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async claim(agencyId: string, adapter: string, key: string, requestSha256: string): Promise<IdempotencyClaim> {
    // A new key (nearly every request) is claimed by one statement on its own; a key already
    // there is read and perhaps taken over in a transaction.
    if (await this.insert(this.dataSource.manager, agencyId, adapter, key, requestSha256))
      return { outcome: 'claimed' };
    return this.dataSource.transaction(async (m) => {
      if (await this.insert(m, agencyId, adapter, key, requestSha256)) return { outcome: 'claimed' as const }; // released meanwhile
      const [row] = await m.query(
        `SELECT request_sha256, state, response_status, response_body, locked_until < now() AS lease_expired
           FROM idempotency_keys WHERE agency_id = $1 AND adapter = $2 AND key = $3 FOR UPDATE`,
        [agencyId, adapter, key],
      );
      if (!row) return { outcome: 'in-progress' as const }; // released between the two statements
      if (row.request_sha256 !== requestSha256) return { outcome: 'different-body' as const };
      if (row.state === 'completed')
        return { outcome: 'replay' as const, status: row.response_status, body: row.response_body };
      if (!row.lease_expired) return { outcome: 'in-progress' as const };
      await m.query(
        `UPDATE idempotency_keys SET locked_until = now() + make_interval(secs => $4) WHERE agency_id = $1 AND adapter = $2 AND key = $3`,
        [agencyId, adapter, key, LEASE_SECONDS],
      );
      return { outcome: 'claimed' as const };
    });
  }

  /**
   * What `claim` would answer, without taking the key (a dry run): `claimed` for a key unused or
   * free to take over, and nothing written.
   */
  async peek(agencyId: string, adapter: string, key: string, requestSha256: string): Promise<IdempotencyClaim> {
    const [row] = await this.dataSource.query(
      `SELECT request_sha256, state, response_status, response_body, locked_until < now() AS lease_expired
         FROM idempotency_keys WHERE agency_id = $1 AND adapter = $2 AND key = $3`,
      [agencyId, adapter, key],
    );
    if (!row) return { outcome: 'claimed' };
    if (row.request_sha256 !== requestSha256) return { outcome: 'different-body' };
    if (row.state === 'completed') return { outcome: 'replay', status: row.response_status, body: row.response_body };
    return row.lease_expired ? { outcome: 'claimed' } : { outcome: 'in-progress' };
  }

  private async insert(
    m: EntityManager,
    agencyId: string,
    adapter: string,
    key: string,
    requestSha256: string,
  ): Promise<boolean> {
    const inserted = await m.query(
      `INSERT INTO idempotency_keys (agency_id, adapter, key, request_sha256, state, locked_until)
       VALUES ($1,$2,$3,$4,'in_progress', now() + make_interval(secs => $5))
       ON CONFLICT DO NOTHING RETURNING key`,
      [agencyId, adapter, key, requestSha256, LEASE_SECONDS],
    );
    return inserted.length > 0;
  }

  /**
   * Claims many keys in the caller's transaction, in one statement (the bulk import's lines);
   * answers those it took. A key already there, whatever its state, is not taken: that line
   * was imported before. Uncommitted, the claims are seen by no one else.
   */
  async claimMany(
    manager: EntityManager,
    agencyId: string,
    adapter: string,
    claims: { key: string; requestSha256: string }[],
  ): Promise<Set<string>> {
    if (!claims.length) return new Set();
    const rows: { key: string }[] = await manager.query(
      `INSERT INTO idempotency_keys (agency_id, adapter, key, request_sha256, state, locked_until)
       SELECT $1, $2, k, h, 'in_progress', now() + make_interval(secs => $5) FROM unnest($3::text[], $4::text[]) AS t(k, h)
       ON CONFLICT DO NOTHING RETURNING key`,
      [agencyId, adapter, claims.map((c) => c.key), claims.map((c) => c.requestSha256), LEASE_SECONDS],
    );
    return new Set(rows.map((r) => r.key));
  }

  /** Binds the accepted response to the key, inside the transaction that accepted the message. */
  async complete(
    agencyId: string,
    adapter: string,
    key: string,
    status: number,
    body: unknown,
    manager: EntityManager,
  ): Promise<void> {
    await manager.query(
      `UPDATE idempotency_keys SET state = 'completed', response_status = $4, response_body = $5
        WHERE agency_id = $1 AND adapter = $2 AND key = $3`,
      [agencyId, adapter, key, status, JSON.stringify(body)],
    );
  }

  async release(agencyId: string, adapter: string, key: string): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM idempotency_keys WHERE agency_id = $1 AND adapter = $2 AND key = $3 AND state = 'in_progress'`,
      [agencyId, adapter, key],
    );
  }
}
