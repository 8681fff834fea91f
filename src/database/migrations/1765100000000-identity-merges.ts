import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 8: deciding identity reviews, merging and unmerging subjects, and correcting what
 * recipients were told about a wrongly merged subject.
 */
export class IdentityMerges1765100000000 implements MigrationInterface {
  name = 'IdentityMerges1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      -- Every command folded into a record, in order, with its provenance: a record can be
      -- rebuilt from it, which is how a merge is undone honestly.
      CREATE TABLE subject_commands (
        id bigserial PRIMARY KEY,
        subject_id uuid NOT NULL REFERENCES subjects(id),
        inbound_message_id uuid NOT NULL REFERENCES inbound_messages(id),
        command jsonb NOT NULL,
        provenance jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX subject_commands_subject ON subject_commands (subject_id, id);

      -- A person's decision on a pair of subjects; the pair is stored ordered so it is one row.
      CREATE TABLE identity_decisions (
        subject_low uuid NOT NULL REFERENCES subjects(id),
        subject_high uuid NOT NULL REFERENCES subjects(id),
        decision text NOT NULL CHECK (decision IN ('LINK', 'KEEP_APART')),
        reason text NOT NULL,
        review_id uuid REFERENCES identity_reviews(id),
        decided_by_agency text NOT NULL,
        decided_by_sub text NOT NULL,
        decided_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (subject_low, subject_high),
        CHECK (subject_low < subject_high)
      );

      ALTER TABLE identity_reviews ADD COLUMN decision text CHECK (decision IN ('LINK', 'KEEP_APART'));
      ALTER TABLE identity_reviews ADD COLUMN decided_at timestamptz;

      ALTER TABLE subjects ADD COLUMN merged_into uuid REFERENCES subjects(id);

      -- What each side of a merge was, so an unmerge can put everything back where it came from.
      CREATE TABLE subject_merges (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        survivor_id uuid NOT NULL REFERENCES subjects(id),
        absorbed_id uuid NOT NULL REFERENCES subjects(id),
        reason text NOT NULL,
        merged_by_agency text NOT NULL,
        merged_by_sub text NOT NULL,
        merged_at timestamptz NOT NULL DEFAULT now(),
        merge_event_id uuid NOT NULL REFERENCES events(id),
        -- commands up to this id were folded before the merge; later ones arrived while merged
        last_command_id bigint NOT NULL,
        absorbed_command_ids bigint[] NOT NULL,
        survivor_keys jsonb NOT NULL,
        absorbed_keys jsonb NOT NULL,
        unmerged_at timestamptz,
        unmerged_by_agency text,
        unmerged_by_sub text,
        unmerge_reason text,
        CHECK (survivor_id <> absorbed_id)
      );
      CREATE UNIQUE INDEX subject_merges_active ON subject_merges (absorbed_id) WHERE unmerged_at IS NULL;
      CREATE INDEX subject_merges_survivor ON subject_merges (survivor_id);

      -- An event meant for named agencies only (a correction); routing still applies agreements.
      ALTER TABLE events ADD COLUMN audience text[];
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE events DROP COLUMN audience;
      DROP TABLE subject_merges;
      ALTER TABLE subjects DROP COLUMN merged_into;
      ALTER TABLE identity_reviews DROP COLUMN decided_at;
      ALTER TABLE identity_reviews DROP COLUMN decision;
      DROP TABLE identity_decisions;
      DROP TABLE subject_commands;
    `);
  }
}
