import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Opaque console sessions, kept server-side so sign-out revokes them. Only a SHA-256 of the
 * cookie's random id is stored: a copy of this table cannot be replayed as a cookie.
 * Sign-ins in flight (OIDC state, nonce, PKCE verifier) wait here, keyed the same way.
 */
export class ConsoleSessions1765700000000 implements MigrationInterface {
  name = 'ConsoleSessions1765700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE console_sessions (
        id_hash bytea PRIMARY KEY,
        sub text NOT NULL,
        display_name text NOT NULL,
        agency_id text NOT NULL,
        roles text[] NOT NULL,
        csrf_token text NOT NULL,
        signed_in_with text NOT NULL CHECK (signed_in_with IN ('oidc', 'token')),
        created_at timestamptz NOT NULL DEFAULT now(),
        last_seen_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz
      )`);
    await q.query(`CREATE INDEX console_sessions_expiry ON console_sessions (expires_at)`);
    await q.query(`
      CREATE TABLE console_sign_ins (
        handle_hash bytea PRIMARY KEY,
        state text NOT NULL,
        nonce text NOT NULL,
        code_verifier text NOT NULL,
        expires_at timestamptz NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE console_sign_ins`);
    await q.query(`DROP TABLE console_sessions`);
  }
}
