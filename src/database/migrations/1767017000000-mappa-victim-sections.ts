import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The hub's runtime role (as in AuditRolesKeyedChain1766900000000; migrations import nothing). */
const APP_ROLE = 'hub_app';

/**
 * Issue 17: a MAPPA minute's victim section is kept apart. The inbound message the hub keeps
 * (and shows operators, masked or revealed) is the message with its victim section taken out;
 * the message exactly as sent lives here, in a table no read, projection or payload is built
 * from. The hub's own role may add and erase rows but never read the text back: SELECT is
 * granted on the keys only (an erasure's DELETE must read inbound_message_id), so not even a
 * mistaken query of the application can disclose it. Reading it is for a person holding the
 * owner's role, under the MAPPA unit's own procedures.
 */
export class MappaVictimSections1767017000000 implements MigrationInterface {
  name = 'MappaVictimSections1767017000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE victim_sections (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        inbound_message_id uuid NOT NULL UNIQUE REFERENCES inbound_messages(id),
        -- the message exactly as the agency sent it, victim section included
        sent_body text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      REVOKE ALL ON victim_sections FROM ${APP_ROLE};
      GRANT INSERT, DELETE ON victim_sections TO ${APP_ROLE};
      GRANT SELECT (id, inbound_message_id) ON victim_sections TO ${APP_ROLE};
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE victim_sections`);
  }
}
