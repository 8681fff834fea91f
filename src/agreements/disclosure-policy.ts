import { Injectable } from '@nestjs/common';
import { todayInLondon, type CivilDate } from '../canonical/civil-date';
import type { EventType } from '../canonical/event-types';
import { agreementAllowsFlow, type Agreement } from './agreement';
import { AgreementRegistry } from './agreement-registry';
import { projectForAgreements } from './projection';

/** What the conditions of an agreement are tested against. */
export interface SubjectFacts {
  /** Areas of every agency that sent information about the subject, plus its managing areas. */
  areas: string[];
  /** Known MAPPA category, if any. */
  mappaCategory: number | null;
  /** Active notification requirements make a subject MAPPA category 1 by law (CJA 2003 s.327). */
  hasActiveRegistration: boolean;
}

export interface Disclosure {
  agreements: Agreement[];
  payload: Record<string, unknown>;
}

/**
 * The one policy every exit goes through (routing, reads, checks, feed, replays): which
 * active agreements let this agency have this subject's data, and projected how.
 */
@Injectable()
export class DisclosurePolicy {
  constructor(private readonly registry: AgreementRegistry) {}

  /** Agreements under which `agencyId` may receive `eventType` (or, for reads, any data) about the subject. */
  applicableAgreements(agencyId: string, facts: SubjectFacts, eventType: EventType | null, today: CivilDate = todayInLondon()): Agreement[] {
    return this.registry
      .all()
      .filter((a) => agreementAllowsFlow(a, today))
      .filter((a) => a.recipients.includes(agencyId))
      .filter((a) => eventType === null || a.eventTypes.includes(eventType))
      .filter((a) => conditionsHold(a, facts));
  }

  /** The projected payload for an event, or null when no agreement allows it. */
  discloseEvent(agencyId: string, facts: SubjectFacts, eventType: EventType, data: Record<string, unknown>): Disclosure | null {
    const agreements = this.applicableAgreements(agencyId, facts, eventType);
    if (agreements.length === 0) return null;
    return { agreements, payload: projectForAgreements(data, agreements) };
  }

  /** Whether any active agreement could ever let this agency receive this event type. */
  couldEverReceive(agencyId: string, eventType: EventType, today: CivilDate = todayInLondon()): boolean {
    return this.registry
      .all()
      .some((a) => a.recipients.includes(agencyId) && a.eventTypes.includes(eventType) && (agreementAllowsFlow(a, today) || (a.status === 'active' && today < a.validFrom)));
  }

  /** Whether the agreements relied on for a delivery still allow it today. */
  stillInForce(agreementIds: string[], today: CivilDate = todayInLondon()): boolean {
    return agreementIds.some((id) => {
      const a = this.registry.find(id);
      return a !== undefined && agreementAllowsFlow(a, today);
    });
  }
}

export function conditionsHold(a: Agreement, facts: SubjectFacts): boolean {
  const { areas, mappaCategories } = a.conditions;
  if (areas && !areas.some((area) => facts.areas.includes(area))) return false;
  if (mappaCategories) {
    const category = facts.mappaCategory ?? (facts.hasActiveRegistration ? 1 : null);
    if (category === null || !mappaCategories.includes(category)) return false;
  }
  return true;
}
