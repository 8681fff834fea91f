import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { CanonicalCommand } from '../canonical/commands';
import type { Provenance } from '../canonical/provenance';

/** One command as it was folded into a subject's record. */
export interface AppliedCommand {
  id: number;
  subjectId: string;
  inboundMessageId: string;
  command: CanonicalCommand;
  provenance: Provenance;
}

const toApplied = (r: Record<string, any>): AppliedCommand => ({
  id: Number(r.id),
  subjectId: r.subject_id,
  inboundMessageId: r.inbound_message_id,
  command: r.command,
  provenance: r.provenance,
});

/**
 * The commands each record was built from, in the order they were applied. Replaying them
 * through the same apply functions rebuilds the record, which is what lets an unmerge put
 * every fact back where it came from.
 */
@Injectable()
export class SubjectCommandsRepository {
  async append(m: EntityManager, subjectId: string, command: CanonicalCommand, provenance: Provenance): Promise<void> {
    await m.query(
      `INSERT INTO subject_commands (subject_id, inbound_message_id, command, provenance) VALUES ($1, $2, $3, $4)`,
      [subjectId, provenance.messageId, JSON.stringify(command), JSON.stringify(provenance)],
    );
  }

  /** In the order they were applied. */
  async forSubjects(m: EntityManager, subjectIds: string[]): Promise<AppliedCommand[]> {
    const rows = await m.query(`SELECT * FROM subject_commands WHERE subject_id = ANY($1::uuid[]) ORDER BY id`, [
      subjectIds,
    ]);
    return rows.map(toApplied);
  }

  async reassign(m: EntityManager, ids: number[], subjectId: string): Promise<void> {
    if (ids.length)
      await m.query(`UPDATE subject_commands SET subject_id = $2 WHERE id = ANY($1::bigint[])`, [ids, subjectId]);
  }

  /** The newest command id so far (0 when none). */
  async lastId(m: EntityManager): Promise<number> {
    const [row] = await m.query(`SELECT COALESCE(max(id), 0) AS id FROM subject_commands`);
    return Number(row.id);
  }

  /** Erasure: the commands the record was built from repeat its personal data. */
  async eraseSubject(m: EntityManager, subjectId: string): Promise<void> {
    await m.query(`DELETE FROM subject_commands WHERE subject_id = $1`, [subjectId]);
  }
}
