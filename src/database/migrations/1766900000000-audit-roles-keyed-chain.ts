import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The hub's runtime role: what the application may do (see docs/adr/0100-audit-roles-and-keyed-chain.md). */
export const APP_ROLE = 'hub_app';
/** Owns the audit log and its erasure function; nobody logs in as it or is granted it. */
export const AUDIT_OWNER_ROLE = 'hub_audit_owner';

const AUDIT_TABLES = ['audit_log', 'audit_chain_heads'];

/**
 * Security issue 10: the audit log can no longer be edited with the app's own role.
 *
 * - Roles (cluster-wide, so created only if absent, race-safe: parallel databases on one cluster
 *   migrate at once): `hub_app` (NOLOGIN; the hub's connections SET ROLE to it) and
 *   `hub_audit_owner` (NOLOGIN).
 * - Grants, per database: hub_app may read and write every table (those to come too, through
 *   default privileges), except that on audit_log it may only SELECT and INSERT.
 * - audit_log and audit_chain_heads belong to hub_audit_owner, and so does
 *   audit_erase_subject(), SECURITY DEFINER with a fixed search_path: the one way to erase.
 *   The trigger allows the erasure change only when run as the owner (so only inside that
 *   function) and only with erased_by_entry pointing at the ERASURE row.
 * - Rows carry hash_version: 1 (unkeyed SHA-256, rows written so far), 2 (HMAC with the audit
 *   key, from now on). Rows erased earlier are linked to their ERASURE row: one erasure per
 *   transaction, and the ERASURE row's `at` is that transaction's now(), which is their erased_at.
 */
export class AuditRolesKeyedChain1766900000000 implements MigrationInterface {
  name = 'AuditRolesKeyedChain1766900000000';

  async up(q: QueryRunner): Promise<void> {
    for (const role of [APP_ROLE, AUDIT_OWNER_ROLE]) await createRoleIfAbsent(q, role);
    await q.query(`
      ALTER TABLE audit_log
        ADD COLUMN IF NOT EXISTS hash_version smallint NOT NULL DEFAULT 1,
        ADD COLUMN IF NOT EXISTS erased_by_entry bigint REFERENCES audit_log(id);
      ALTER TABLE audit_log ALTER COLUMN hash_version DROP DEFAULT;

      ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only;
      UPDATE audit_log a SET erased_by_entry = e.id
        FROM audit_log e
       WHERE a.erased_at IS NOT NULL AND e.action = 'ERASURE' AND e.operation = 'subject.erased' AND e.at = a.erased_at AND e.id > a.id
         AND a.erased_by_entry IS NULL;
      ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only;
      CREATE INDEX IF NOT EXISTS audit_log_erased_by ON audit_log (erased_by_entry) WHERE erased_by_entry IS NOT NULL;

      CREATE OR REPLACE FUNCTION audit_log_guard() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE'
           AND current_user = '${AUDIT_OWNER_ROLE}'
           AND OLD.erased_at IS NULL AND NEW.erased_at IS NOT NULL AND NEW.erased_by_entry IS NOT NULL
           AND NEW.subject_id IS NULL AND NEW.justification IS NULL AND NEW.personal_salt IS NULL
           AND to_jsonb(NEW) - '{subject_id,justification,personal_salt,erased_at,erased_by_entry}'::text[]
             = to_jsonb(OLD) - '{subject_id,justification,personal_salt,erased_at,erased_by_entry}'::text[] THEN
          RETURN NEW;
        END IF;
        RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$;

      -- The erasure: the subject's audit rows lose their personal fields and point at the
      -- ERASURE row (written first, in the same transaction), which must count them exactly.
      CREATE FUNCTION audit_erase_subject(p_subject uuid, p_erasure_entry bigint) RETURNS int
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
      DECLARE
        expected int;
        erased int;
      BEGIN
        SELECT (details->>'auditRows')::int INTO expected FROM public.audit_log
         WHERE id = p_erasure_entry AND action = 'ERASURE' AND operation = 'subject.erased'
           AND subject_id = p_subject AND erased_at IS NULL;
        IF NOT FOUND OR expected IS NULL THEN
          RAISE EXCEPTION 'audit row % is not the ERASURE row of subject %', p_erasure_entry, p_subject USING ERRCODE = 'insufficient_privilege';
        END IF;
        UPDATE public.audit_log
           SET subject_id = NULL, justification = NULL, personal_salt = NULL, erased_at = now(), erased_by_entry = p_erasure_entry
         WHERE subject_id = p_subject AND erased_at IS NULL AND id < p_erasure_entry;
        GET DIAGNOSTICS erased = ROW_COUNT;
        IF erased <> expected THEN
          RAISE EXCEPTION 'the ERASURE row counts % audit rows of the subject, % found: retry the erasure', expected, erased USING ERRCODE = 'serialization_failure';
        END IF;
        RETURN erased;
      END $$;
      REVOKE ALL ON FUNCTION audit_erase_subject(uuid, bigint) FROM PUBLIC;
    `);
    for (const table of AUDIT_TABLES) await q.query(`ALTER TABLE ${table} OWNER TO ${AUDIT_OWNER_ROLE}`);
    await q.query(`
      ALTER FUNCTION audit_erase_subject(uuid, bigint) OWNER TO ${AUDIT_OWNER_ROLE};
      GRANT EXECUTE ON FUNCTION audit_erase_subject(uuid, bigint) TO ${APP_ROLE};

      GRANT USAGE ON SCHEMA public TO ${APP_ROLE};
      GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${APP_ROLE};
      GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO ${APP_ROLE};
      ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${APP_ROLE};
      ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO ${APP_ROLE};

      -- The log: read and append only. The heads move forward (their trigger), under FOR UPDATE.
      REVOKE ALL ON audit_log FROM ${APP_ROLE};
      GRANT SELECT, INSERT ON audit_log TO ${APP_ROLE};
      REVOKE ALL ON audit_chain_heads FROM ${APP_ROLE};
      GRANT SELECT, UPDATE ON audit_chain_heads TO ${APP_ROLE};
      -- Which migrations ran is the migrator's business; the hub only reads it at start.
      REVOKE ALL ON migrations FROM ${APP_ROLE};
      GRANT SELECT ON migrations TO ${APP_ROLE};
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    // The roles stay: they are cluster-wide and other databases may use them. So do the columns:
    // hash_version says which rows are keyed, and cannot be worked out again without the key.
    await q.query(`
      ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON TABLES FROM ${APP_ROLE};
      ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON SEQUENCES FROM ${APP_ROLE};
      REVOKE ALL ON ALL TABLES IN SCHEMA public FROM ${APP_ROLE};
      REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM ${APP_ROLE};
      REVOKE ALL ON SCHEMA public FROM ${APP_ROLE};
      ALTER TABLE audit_log OWNER TO CURRENT_USER;
      ALTER TABLE audit_chain_heads OWNER TO CURRENT_USER;
      DROP FUNCTION audit_erase_subject(uuid, bigint);
      CREATE OR REPLACE FUNCTION audit_log_guard() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE'
           AND current_setting('hub.audit_erasure', true) = 'on'
           AND OLD.erased_at IS NULL AND NEW.erased_at IS NOT NULL
           AND NEW.subject_id IS NULL AND NEW.justification IS NULL AND NEW.personal_salt IS NULL
           AND to_jsonb(NEW) - '{subject_id,justification,personal_salt,erased_at}'::text[]
             = to_jsonb(OLD) - '{subject_id,justification,personal_salt,erased_at}'::text[] THEN
          RETURN NEW;
        END IF;
        RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$;
      ALTER TABLE audit_log ALTER COLUMN hash_version SET DEFAULT 1;
    `);
  }
}

/** CREATE ROLE once per cluster: a database migrating at the same moment may create it first. */
async function createRoleIfAbsent(q: QueryRunner, role: string): Promise<void> {
  await q.query(`
    DO $$
    BEGIN
      IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = '${role}') THEN
        CREATE ROLE ${role} NOLOGIN;
      END IF;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN
      NULL; -- created meanwhile by another database's migration
    END $$;
  `);
}
