import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { mentionsPersonSql, type PersonMarks } from '../database/person-mentions';
import { affectedRows } from '../database/sql-rows';

/** The `checks` table beyond the check itself (ChecksService records each check as it is made). */
@Injectable()
export class ChecksRepository {
  /**
   * Erasure: a check that found the subject, or whose justification names them (one that found
   * no one too), keeps its place but not the justification or the subject.
   */
  async eraseSubject(
    m: EntityManager,
    subjectId: string,
    marks: PersonMarks,
    erasedText: string,
  ): Promise<{ checks: number }> {
    const justifies = mentionsPersonSql('justification', marks, 3);
    return {
      checks: await affectedRows(
        m,
        `UPDATE checks SET justification = $2, subject_ids = array_remove(subject_ids, $1::uuid) WHERE subject_ids @> ARRAY[$1::uuid] OR ${justifies.sql}`,
        [subjectId, erasedText, ...justifies.params],
      ),
    };
  }
}
