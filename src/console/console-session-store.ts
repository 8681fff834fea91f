import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { HUB_ENVIRONMENT, type HubEnvironment } from '../../config/environment';
import type { Scope } from '../auth/agency';
import { sqlRows } from '../database/sql-rows';

/** Who a console session belongs to, as the sign-in established it. */
export interface ConsolePerson {
  sub: string;
  displayName: string;
  agencyId: string;
  roles: Scope[];
  signedInWith: 'oidc' | 'token';
}

export interface ConsoleSessionRecord extends ConsolePerson {
  csrfToken: string;
}

/** What an OIDC sign-in in flight must remember until the provider sends the browser back. */
export interface PendingSignIn {
  state: string;
  nonce: string;
  codeVerifier: string;
}

/** How long a visitor may take at the identity provider before the sign-in must start again. */
const SIGN_IN_WINDOW_S = 600;

/** 256 random bits, base64url: the cookie value. It means nothing without this table. */
export const newOpaqueId = () => randomBytes(32).toString('base64url');

/** Only this digest is stored, so the table's contents cannot be presented as a cookie. */
const digest = (id: string) => createHash('sha256').update(id, 'utf8').digest();

/** Console sessions and sign-ins in flight, in Postgres (every API instance sees the same). */
@Injectable()
export class ConsoleSessionStore {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(HUB_ENVIRONMENT) private readonly env: HubEnvironment,
  ) {}

  /** Opens a session and returns its id, which only the browser's cookie will hold. */
  async open(person: ConsolePerson): Promise<string> {
    const id = newOpaqueId();
    await this.dataSource.query(`DELETE FROM console_sessions WHERE expires_at < now()`);
    await this.dataSource.query(
      `INSERT INTO console_sessions (id_hash, sub, display_name, agency_id, roles, csrf_token, signed_in_with, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, now() + $8 * interval '1 millisecond')`,
      [
        digest(id),
        person.sub,
        person.displayName,
        person.agencyId,
        person.roles,
        newOpaqueId(),
        person.signedInWith,
        this.env.consoleSessionLifetimeMs,
      ],
    );
    return id;
  }

  /** The live session with this id (not revoked, not expired, not idle too long), marked as seen now. */
  async touch(id: string): Promise<ConsoleSessionRecord | null> {
    const rows = await sqlRows(
      this.dataSource.manager,
      `UPDATE console_sessions SET last_seen_at = now()
        WHERE id_hash = $1 AND revoked_at IS NULL AND expires_at > now() AND last_seen_at > now() - $2 * interval '1 millisecond'
        RETURNING sub, display_name, agency_id, roles, csrf_token, signed_in_with`,
      [digest(id), this.env.consoleIdleTimeoutMs],
    );
    const r = rows[0];
    if (!r) return null;
    return {
      sub: r.sub,
      displayName: r.display_name,
      agencyId: r.agency_id,
      roles: r.roles,
      csrfToken: r.csrf_token,
      signedInWith: r.signed_in_with,
    };
  }

  async revoke(id: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE console_sessions SET revoked_at = now() WHERE id_hash = $1 AND revoked_at IS NULL`,
      [digest(id)],
    );
  }

  /** Remembers a sign-in in flight; returns the handle the browser keeps for the way back. */
  async beginSignIn(pending: PendingSignIn): Promise<string> {
    const handle = newOpaqueId();
    await this.dataSource.query(`DELETE FROM console_sign_ins WHERE expires_at < now()`);
    await this.dataSource.query(
      `INSERT INTO console_sign_ins (handle_hash, state, nonce, code_verifier, expires_at) VALUES ($1, $2, $3, $4, now() + $5 * interval '1 second')`,
      [digest(handle), pending.state, pending.nonce, pending.codeVerifier, SIGN_IN_WINDOW_S],
    );
    return handle;
  }

  /** Takes (and so uses up) the sign-in in flight for this handle. */
  async takeSignIn(handle: string): Promise<PendingSignIn | null> {
    const rows = await sqlRows(
      this.dataSource.manager,
      `DELETE FROM console_sign_ins WHERE handle_hash = $1 AND expires_at > now() RETURNING state, nonce, code_verifier`,
      [digest(handle)],
    );
    return rows[0] ? { state: rows[0].state, nonce: rows[0].nonce, codeVerifier: rows[0].code_verifier } : null;
  }
}
