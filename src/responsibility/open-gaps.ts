import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { addDays, todayInLondon, type CivilDate } from '../canonical/civil-date';
import type { SubjectRecord } from '../canonical/subject-record';
import { requirementsInForce } from './apply-responsibility';
import { areasWantingPolice, hasPoliceManager } from './responsibility-facts';

/** One open gap as operators see it: hub references and areas only, no personal data. */
export interface OpenGap {
  subjectId: string;
  kind: 'UNMANAGED_ARRIVAL' | 'NO_POLICE_MANAGER';
  area: string;
  since: CivilDate;
}

const LIMIT = 1000;

/**
 * The gaps open now (responsibility.md), for the operators' list, the console worklist and MI.
 * UNMANAGED_ARRIVAL gaps are kept on the record; a NO_POLICE_MANAGER gap is a POLICE_MANAGER
 * clock whose day has passed and that no police manager has met yet, placed where the person
 * should be policed as the record stands now.
 */
@Injectable()
export class OpenGaps {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(today: CivilDate = todayInLondon()): Promise<OpenGap[]> {
    const arrivals: { subject_id: string; gap: { kind: 'UNMANAGED_ARRIVAL'; area: string; from: string } }[] =
      await this.dataSource.query(
        `SELECT s.id AS subject_id, g AS gap FROM subjects s, jsonb_array_elements(COALESCE(s.record->'responsibilityGaps', '[]'::jsonb)) g
          WHERE s.merged_into IS NULL AND s.erased_at IS NULL AND NOT (g ? 'to') ORDER BY g->>'from', s.id LIMIT ${LIMIT}`,
      );
    const unmanaged: { subject_id: string; due_on: string; record: SubjectRecord }[] = await this.dataSource.query(
      `SELECT d.subject_id, min(d.due_on)::text AS due_on, s.record FROM deadlines d JOIN subjects s ON s.id = d.subject_id
        WHERE d.kind = 'POLICE_MANAGER' AND d.status = 'open' AND d.passed_raised_at IS NOT NULL
          AND s.merged_into IS NULL AND s.erased_at IS NULL
        GROUP BY d.subject_id, s.record ORDER BY 2, 1 LIMIT ${LIMIT}`,
    );
    const gaps: OpenGap[] = arrivals.map((r) => ({
      subjectId: r.subject_id,
      kind: r.gap.kind,
      area: r.gap.area,
      since: r.gap.from,
    }));
    for (const r of unmanaged) {
      if (!requirementsInForce(r.record, today) || hasPoliceManager(r.record)) continue;
      for (const area of areasWantingPolice(r.record))
        gaps.push({ subjectId: r.subject_id, kind: 'NO_POLICE_MANAGER', area, since: addDays(r.due_on, 1) });
    }
    return gaps.sort((a, b) => a.since.localeCompare(b.since) || a.subjectId.localeCompare(b.subjectId));
  }

  /** Open gaps per area, for MI. */
  async countByArea(today: CivilDate = todayInLondon()): Promise<Map<string, number>> {
    const counts = new Map<string, number>();
    for (const g of await this.list(today)) counts.set(g.area, (counts.get(g.area) ?? 0) + 1);
    return counts;
  }
}
