import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AgencyRegistry } from '../auth/agency-registry';
import type { Handover } from './handover-package';

/** One licence-end handover as operators see it: hub references, areas and who took it on. */
export interface HandoverState {
  subjectId: string;
  /** The `responsibility.changed` event that carried it: what the new lead acknowledges. */
  eventId: string;
  areas: string[];
  on: string;
  /** The police force of those areas that acknowledged it first, or null while nobody has. */
  acknowledged: { agency: string; at: string } | null;
}

const LIMIT = 1000;

/**
 * Licence-end handovers (responsibility.md): each is a `responsibility.changed` event with a
 * `handover`, acknowledged once a police force of its areas acknowledges that event
 * (POST /v1/events/{eventId}/acknowledgements). Unacknowledged ones are the operators' worklist
 * and an MI count per area; the acknowledgement clock of the agreement (`ackWithin`) also
 * raises them as overdue.
 */
@Injectable()
export class Handovers {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly agencies: AgencyRegistry,
  ) {}

  async list(): Promise<HandoverState[]> {
    const rows: {
      id: string;
      subject_id: string;
      handover: Handover;
      acks: { agency: string; at: string }[] | null;
    }[] = await this.dataSource.query(
      `SELECT e.id, e.subject_id, e.data->'responsibility'->'handover' AS handover,
              (SELECT json_agg(json_build_object('agency', a.agency_id, 'at', a.acknowledged_at) ORDER BY a.acknowledged_at)
                 FROM acknowledgements a WHERE a.event_id = e.id) AS acks
         FROM events e JOIN subjects s ON s.id = e.subject_id
        WHERE e.type = 'responsibility.changed' AND e.data->'responsibility' ? 'handover'
          AND s.merged_into IS NULL AND s.erased_at IS NULL
        ORDER BY e.created_at, e.id LIMIT ${LIMIT}`,
    );
    return rows.map((r) => {
      const ack = (r.acks ?? []).find((a) => this.isNewLead(a.agency, r.handover.areas));
      return {
        subjectId: r.subject_id,
        eventId: r.id,
        areas: r.handover.areas,
        on: r.handover.on,
        acknowledged: ack ? { agency: ack.agency, at: new Date(ack.at).toISOString() } : null,
      };
    });
  }

  /** Unacknowledged handovers per area, for MI. */
  async unacknowledgedByArea(): Promise<Map<string, number>> {
    const counts = new Map<string, number>();
    for (const h of await this.list())
      if (!h.acknowledged) for (const area of h.areas) counts.set(area, (counts.get(area) ?? 0) + 1);
    return counts;
  }

  /** Only the police of the handover's areas take the lead on; anyone else's acknowledgement is their own receipt. */
  private isNewLead(agencyId: string, areas: string[]): boolean {
    const agency = this.agencies.find(agencyId);
    return agency?.kind === 'POLICE' && agency.areas.some((a) => areas.includes(a));
  }
}
