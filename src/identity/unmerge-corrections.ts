import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { SubjectRecord } from '../canonical/subject-record';
import { RECEIVED_STATUSES } from '../delivery/delivery.repository';
import { SubjectEventsRepository } from '../subjects/subject-events.repository';
import { subjectSnapshot } from '../subjects/subject-snapshot';

/** Why an event a recipient received was wrong, once the merge behind it is undone. */
export type CorrectionWhy = 'LINK_WITHDRAWN' | 'CONCERNS_OTHER_SUBJECT' | 'RAISED_WHILE_MERGED';

export interface CorrectedEvent {
  eventId: string;
  type: string;
  /** The subject the event named when it was sent. */
  subjectId: string;
  /** The subject its facts actually concern. */
  actualSubjectId: string;
  why: CorrectionWhy;
}

export interface UndoneMerge {
  mergeId: string;
  survivorId: string;
  absorbedId: string;
  mergeEventId: string;
}

/**
 * After an unmerge, tells each agency exactly what it was told wrongly. From the deliveries log:
 * every event about the survivor from the merge on (the merge itself, then everything raised
 * while the two records were one) that reached the agency. One `record.corrected` per agency,
 * addressed to it alone; routing sends it to each of the agency's subscriptions that received
 * what it lists, under the agreements those deliveries relied on (src/routing/corrections-owed.ts).
 */
@Injectable()
export class UnmergeCorrections {
  constructor(private readonly events: SubjectEventsRepository) {}

  async raise(
    m: EntityManager,
    merge: UndoneMerge,
    messagesMovedBack: string[],
    survivorRecord: SubjectRecord,
    actorAgency: string,
  ): Promise<{ agency: string; eventId: string; events: number }[]> {
    const rows: { agency_id: string; id: string; type: string; inbound_message_id: string | null }[] = await m.query(
      `SELECT DISTINCT d.agency_id, e.id, e.type, e.sequence, e.inbound_message_id
         FROM events e JOIN deliveries d ON d.event_id = e.id
        WHERE e.subject_id = $1 AND e.sequence >= (SELECT sequence FROM events WHERE id = $2)
          AND e.type <> 'record.corrected' AND d.status = ANY($3)
        ORDER BY d.agency_id, e.sequence`,
      [merge.survivorId, merge.mergeEventId, RECEIVED_STATUSES],
    );
    const byAgency = new Map<string, CorrectedEvent[]>();
    for (const r of rows) {
      const list = byAgency.get(r.agency_id) ?? [];
      list.push(this.classify(merge, r, messagesMovedBack));
      byAgency.set(r.agency_id, list);
    }
    const raised: { agency: string; eventId: string; events: number }[] = [];
    for (const [agency, events] of byAgency) {
      const correction = { reason: 'SUBJECT_UNMERGED', mergeId: merge.mergeId, events };
      const [eventId] = await this.events.append(
        m,
        merge.survivorId,
        [{ type: 'record.corrected', data: { subject: subjectSnapshot(survivorRecord), correction } }],
        actorAgency,
        null,
        [agency],
      );
      raised.push({ agency, eventId, events: events.length });
    }
    return raised;
  }

  private classify(
    merge: UndoneMerge,
    r: { id: string; type: string; inbound_message_id: string | null },
    messagesMovedBack: string[],
  ): CorrectedEvent {
    const base = { eventId: r.id, type: r.type, subjectId: merge.survivorId };
    if (r.id === merge.mergeEventId) return { ...base, actualSubjectId: merge.absorbedId, why: 'LINK_WITHDRAWN' };
    if (r.inbound_message_id && messagesMovedBack.includes(r.inbound_message_id))
      return { ...base, actualSubjectId: merge.absorbedId, why: 'CONCERNS_OTHER_SUBJECT' };
    return { ...base, actualSubjectId: merge.survivorId, why: 'RAISED_WHILE_MERGED' };
  }
}
