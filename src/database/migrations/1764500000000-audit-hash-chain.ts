import canonicalize from 'canonicalize';
import { createHash, randomBytes } from 'node:crypto';
import type { MigrationInterface, QueryRunner } from 'typeorm';

// The unkeyed (v1) row hash as it stood when this migration was written. A migration imports
// nothing from the application: src/audit/audit-hash.ts may move on (it did: v2 is keyed), but
// the rows this migration chained must be hashed as they were then.
const GENESIS_HASH = Buffer.alloc(32);

function personalDigest(salt: Buffer, personal: { subjectId: string | null; justification: string | null }): Buffer {
  const json = canonicalize({ subjectId: personal.subjectId, justification: personal.justification })!;
  return createHash('sha256').update(salt).update(json, 'utf8').digest();
}

function rowHash(prevHash: Buffer, row: Record<string, unknown>, digest: Buffer): Buffer {
  const { chain, seq, at, action, operation, agencyId, actorSub, agreementIds, recipients, correlationId, details } =
    row;
  const json = canonicalize({
    v: 1,
    chain,
    seq,
    at,
    action,
    operation,
    agencyId,
    actorSub,
    agreementIds,
    recipients,
    correlationId,
    details,
    personalDigest: digest.toString('hex'),
  })!;
  return createHash('sha256').update(prevHash).update(json, 'utf8').digest();
}

function utcMicrosSql(expression: string): string {
  return `to_char((${expression}) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}

/** Chains written to in parallel; more can be added later by inserting head rows. */
const CHAINS = 16;
const BACKFILL_BATCH = 1000;

/**
 * Issue 6: the audit log becomes tamper evident.
 *
 * - Each row carries (chain, seq, prev_hash, hash): hash = sha256(prev_hash ‖ RFC 8785 JSON of
 *   the row), see src/audit/audit-hash.ts. Writers spread over CHAINS chains, each with a head
 *   row in audit_chain_heads locked FOR UPDATE by the appending transaction (no global lock).
 * - The personal fields (subject_id, justification) enter the hash only as personal_digest,
 *   salted with personal_salt, so an erasure can null them and the salt and the chain still
 *   verifies.
 * - Triggers refuse DELETE and TRUNCATE always, and UPDATE except that one sanctioned erasure
 *   (hub.audit_erasure = 'on' in the transaction, personal fields and salt to NULL, erased_at
 *   set, every other column unchanged). The heads may only move forward.
 * - Rows written before this migration are chained, in id order, into chain 0.
 */
export class AuditHashChain1764500000000 implements MigrationInterface {
  name = 'AuditHashChain1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE audit_chain_heads (
        chain int PRIMARY KEY CHECK (chain >= 0),
        last_seq bigint NOT NULL DEFAULT 0,
        last_hash bytea NOT NULL
      );

      DROP TRIGGER audit_log_append_only ON audit_log;
      DROP FUNCTION audit_log_refuse_change();
      ALTER TABLE audit_log
        ADD COLUMN chain int REFERENCES audit_chain_heads(chain),
        ADD COLUMN seq bigint,
        ADD COLUMN prev_hash bytea,
        ADD COLUMN hash bytea,
        ADD COLUMN personal_salt bytea,
        ADD COLUMN personal_digest bytea,
        ADD COLUMN erased_at timestamptz;
    `);
    await q.query(
      `INSERT INTO audit_chain_heads (chain, last_hash) SELECT c, $1 FROM generate_series(0, $2::int - 1) AS c`,
      [GENESIS_HASH, CHAINS],
    );

    await this.chainExistingRows(q);

    await q.query(`
      ALTER TABLE audit_log
        ALTER COLUMN chain SET NOT NULL, ALTER COLUMN seq SET NOT NULL, ALTER COLUMN prev_hash SET NOT NULL,
        ALTER COLUMN hash SET NOT NULL, ALTER COLUMN personal_digest SET NOT NULL,
        ALTER COLUMN at DROP DEFAULT,
        ADD CONSTRAINT audit_log_position UNIQUE (chain, seq),
        -- The salt goes only with the personal fields, and only an erasure removes it.
        ADD CONSTRAINT audit_log_erasure CHECK ((personal_salt IS NULL) = (erased_at IS NOT NULL));

      -- The query API pages newest first by id within each filter.
      DROP INDEX audit_log_subject;
      CREATE INDEX audit_log_subject ON audit_log (subject_id, id) WHERE subject_id IS NOT NULL;
      CREATE INDEX audit_log_agency ON audit_log (agency_id, id);
      CREATE INDEX audit_log_recipients ON audit_log USING gin (recipients);
      CREATE INDEX audit_log_at ON audit_log (at);

      CREATE FUNCTION audit_log_guard() RETURNS trigger LANGUAGE plpgsql AS $$
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
      CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
        FOR EACH ROW EXECUTE FUNCTION audit_log_guard();

      CREATE FUNCTION audit_refuse_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is append-only: TRUNCATE refused', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
      END $$;
      CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
        FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_truncate();

      CREATE FUNCTION audit_chain_head_guard() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' AND NEW.chain = OLD.chain AND NEW.last_seq > OLD.last_seq THEN
          RETURN NEW;
        END IF;
        RAISE EXCEPTION 'audit_chain_heads only move forward: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$;
      CREATE TRIGGER audit_chain_heads_forward_only BEFORE UPDATE OR DELETE ON audit_chain_heads
        FOR EACH ROW EXECUTE FUNCTION audit_chain_head_guard();
      CREATE TRIGGER audit_chain_heads_no_truncate BEFORE TRUNCATE ON audit_chain_heads
        FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_truncate();
    `);
  }

  /** Chains the rows an earlier version wrote (none in a fresh database) into chain 0, in id order. */
  private async chainExistingRows(q: QueryRunner): Promise<void> {
    let prev: Buffer = GENESIS_HASH;
    let seq = 0;
    let afterId = '0';
    for (;;) {
      const rows: Record<string, any>[] = await q.query(
        `SELECT id, ${utcMicrosSql('at')} AS at, action, operation, agency_id, actor_sub, subject_id, justification,
                agreement_ids, recipients, correlation_id, details
           FROM audit_log WHERE id > $1 ORDER BY id LIMIT ${BACKFILL_BATCH}`,
        [afterId],
      );
      if (!rows.length) break;
      const updates = rows.map((r) => {
        const salt = randomBytes(16);
        const digest = personalDigest(salt, { subjectId: r.subject_id, justification: r.justification });
        const fields = {
          chain: 0,
          seq: ++seq,
          at: r.at,
          action: r.action,
          operation: r.operation,
          agencyId: r.agency_id,
          actorSub: r.actor_sub,
          agreementIds: r.agreement_ids,
          recipients: r.recipients,
          correlationId: r.correlation_id,
          details: r.details,
        };
        const hash = rowHash(prev, fields, digest);
        const update = {
          id: r.id,
          seq,
          prev: prev.toString('hex'),
          hash: hash.toString('hex'),
          salt: salt.toString('hex'),
          digest: digest.toString('hex'),
        };
        prev = hash;
        return update;
      });
      await q.query(
        `UPDATE audit_log a SET chain = 0, seq = u.seq, prev_hash = decode(u.prev, 'hex'), hash = decode(u.hash, 'hex'),
                personal_salt = decode(u.salt, 'hex'), personal_digest = decode(u.digest, 'hex')
           FROM jsonb_to_recordset($1::jsonb) AS u(id bigint, seq bigint, prev text, hash text, salt text, digest text)
          WHERE a.id = u.id`,
        [JSON.stringify(updates)],
      );
      afterId = rows[rows.length - 1].id;
    }
    if (seq > 0)
      await q.query(`UPDATE audit_chain_heads SET last_seq = $1, last_hash = $2 WHERE chain = 0`, [seq, prev]);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TRIGGER audit_log_no_truncate ON audit_log;
      DROP TRIGGER audit_log_append_only ON audit_log;
      DROP FUNCTION audit_log_guard();
      DROP INDEX audit_log_at; DROP INDEX audit_log_recipients; DROP INDEX audit_log_agency; DROP INDEX audit_log_subject;
      CREATE INDEX audit_log_subject ON audit_log (subject_id, at);
      ALTER TABLE audit_log ALTER COLUMN at SET DEFAULT now(),
        DROP COLUMN erased_at, DROP COLUMN personal_digest, DROP COLUMN personal_salt, DROP COLUMN hash,
        DROP COLUMN prev_hash, DROP COLUMN seq, DROP COLUMN chain;
      DROP TABLE audit_chain_heads;
      DROP FUNCTION audit_chain_head_guard(); DROP FUNCTION audit_refuse_truncate();
      CREATE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$;
      CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
        FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();
    `);
  }
}
