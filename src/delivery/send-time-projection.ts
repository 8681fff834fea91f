import { Injectable } from '@nestjs/common';
import { DisclosurePolicy, type DeliveryRequest } from '../agreements/disclosure-policy';
import { Batcher } from '../database/batcher';
import { subjectFacts } from '../subjects/subject-facts';
import { SubjectRepository, type StoredSubject } from '../subjects/subject.repository';
import { DeliveryRepository } from './delivery.repository';

/** A delivery (webhook attempt or feed entry) about to leave, with the full event it carries. */
export interface LeavingDelivery {
  id: string;
  agencyId: string;
  /** Null for the hub's own events (`hub.*`), which concern no subject. */
  subjectId: string | null;
  eventType: string;
  eventData: Record<string, unknown>;
  audience: string[] | null;
  /** The subject's areas when the event was raised (null: not recorded then). */
  eventAreas?: string[] | null;
  /** Raised by the bulk import: the agreements must still choose to deliver back-loaded events. */
  backloaded?: boolean;
  /** The agreements it was routed under, and what it carried then. */
  agreementIds: string[];
  payload: Record<string, unknown>;
  subscriptionEventTypes: string[];
  subscriptionFilter: { areas?: string[]; mappaCategories?: number[] };
}

export type ProjectedNow =
  | { allowed: true; agreementIds: string[]; payload: Record<string, unknown>; reason: null }
  | { allowed: false; reason: string | null };

/**
 * Deliveries are projected when they leave, not when they were routed: each webhook attempt
 * and each feed read asks the disclosure policy again, from the stored event and today's facts,
 * under those of the agreements it was routed under that still allow it (a correction: those
 * of what it corrects). The row is updated to what now leaves.
 */
@Injectable()
export class SendTimeProjection {
  /** The workers' concurrent sends read their subjects in one query (see Batcher). */
  private readonly subjectReads = new Batcher<string, StoredSubject | null>(async (ids) => {
    const found = await this.subjects.findByIds([...new Set(ids)]);
    return ids.map((id) => found.get(id) ?? null);
  });

  constructor(
    private readonly policy: DisclosurePolicy,
    private readonly subjects: SubjectRepository,
    private readonly deliveries: DeliveryRepository,
  ) {}

  async project(leaving: LeavingDelivery[]): Promise<ProjectedNow[]> {
    if (!leaving.length) return [];
    const subjects = await Promise.all(
      leaving.map((d) => (d.subjectId ? this.subjectReads.submit(d.subjectId) : Promise.resolve(null))),
    );
    const requests: DeliveryRequest[] = leaving.map((d, i) => {
      const subject = subjects[i];
      return {
        event: {
          type: d.eventType,
          data: d.eventData,
          audience: d.audience,
          areas: d.eventAreas,
          backloaded: d.backloaded === true,
        },
        facts: subject ? subjectFacts(subject) : null,
        subscription: { agencyId: d.agencyId, eventTypes: d.subscriptionEventTypes, filter: d.subscriptionFilter },
        ...(d.audience ? { correctionUnder: d.agreementIds } : { routedUnder: d.agreementIds }),
      };
    });
    const decisions = await this.policy.forDeliveries(requests);
    const answers: ProjectedNow[] = decisions.map((x) =>
      x.allowed
        ? { allowed: true, agreementIds: x.agreements.map((a) => a.id), payload: x.payload!, reason: null }
        : { allowed: false, reason: x.reason },
    );
    const changed = leaving.flatMap((d, i) => {
      const a = answers[i];
      if (!a.allowed) return [];
      const same =
        [...a.agreementIds].sort().join(' ') === [...d.agreementIds].sort().join(' ') &&
        stableJson(a.payload) === stableJson(d.payload);
      return same ? [] : [{ id: d.id, agreementIds: a.agreementIds, payload: a.payload }];
    });
    await this.deliveries.reproject(undefined, changed);
    return answers;
  }
}

/** JSON with object keys sorted: Postgres jsonb does not keep key order, so plain JSON.stringify would differ. */
function stableJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  return `{${Object.keys(value)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${stableJson((value as Record<string, unknown>)[k])}`)
    .join(',')}}`;
}
