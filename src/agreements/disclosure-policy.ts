import { Injectable } from '@nestjs/common';
import { todayInLondon, type CivilDate } from '../canonical/civil-date';
import { HUB_REFERENCE_KEYS, type EventType } from '../canonical/event-types';
import { ackWithinMs, agreementAllowsFlow, agreementState, linkMeetsAgreement, type Agreement, type AgreementState } from './agreement';
import { AgreementRegistry } from './agreement-registry';
import { AgreementSuspensions } from './agreement-suspensions';
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

/** A subscription's own narrowing, tested against agreements' conditions. */
export interface SubscriptionFilter {
  areas?: string[];
  mappaCategories?: number[];
}

export interface Disclosure {
  agreements: Agreement[];
  payload: Record<string, unknown>;
}

/**
 * The one policy every exit goes through (routing, reads, checks, feed, replays): which
 * active agreements let this agency have this subject's data, and projected how.
 * Callers `await refresh()` first so a suspension made a moment ago in another process holds.
 */
@Injectable()
export class DisclosurePolicy {
  constructor(
    private readonly registry: AgreementRegistry,
    private readonly suspensions: AgreementSuspensions,
  ) {}

  refresh(): Promise<void> {
    return this.suspensions.refresh();
  }

  /** The agreement's state today, counting an operator's suspension. */
  state(a: Agreement, today: CivilDate = todayInLondon()): AgreementState {
    return agreementState(a, today, this.suspensions.isSuspended(a.id));
  }

  private inForce(a: Agreement, today: CivilDate): boolean {
    return agreementAllowsFlow(a, today, this.suspensions.isSuspended(a.id));
  }

  /** Agreements under which `agencyId` may receive `eventType` (or, for reads, any data) about the subject. */
  applicableAgreements(agencyId: string, facts: SubjectFacts, eventType: EventType | null, today: CivilDate = todayInLondon()): Agreement[] {
    return this.registry
      .all()
      .filter((a) => this.inForce(a, today))
      .filter((a) => a.recipients.includes(agencyId))
      .filter((a) => eventType === null || a.eventTypes.includes(eventType))
      .filter((a) => conditionsHold(a, facts));
  }

  /**
   * The projected payload for an event, or null when no agreement allows it. An agreement with
   * a minimum link only counts when the event's identity link (data.link) is strong enough.
   */
  discloseEvent(agencyId: string, facts: SubjectFacts, eventType: EventType, data: Record<string, unknown>, today: CivilDate = todayInLondon()): Disclosure | null {
    const link = data.link as { basis?: string; score?: number } | undefined;
    const agreements = this.applicableAgreements(agencyId, facts, eventType, today).filter((a) => linkMeetsAgreement(a, link));
    if (agreements.length === 0) return null;
    return { agreements, payload: projectedPayload(data, agreements) };
  }

  /**
   * A correction of what an agency was sent, under those of the agreements the corrected
   * deliveries relied on that are still in force, projected by them. Their conditions and event
   * types are not judged again: they held when the data left, and a correction only retracts.
   */
  discloseCorrection(agreementIds: string[], data: Record<string, unknown>, today: CivilDate = todayInLondon()): Disclosure | null {
    const agreements = agreementIds.map((id) => this.registry.find(id)).filter((a): a is Agreement => a !== undefined && this.inForce(a, today));
    if (agreements.length === 0) return null;
    return { agreements, payload: projectedPayload(data, agreements) };
  }

  /** The acknowledgement window for a disclosure: the shortest `ackWithin` of the agreements relied on. */
  ackWithinMs(agreementIds: string[]): number | null {
    const windows = agreementIds.map((id) => this.registry.find(id)?.ackWithin).filter((w): w is string => !!w).map(ackWithinMs);
    return windows.length ? Math.min(...windows) : null;
  }

  /** The highest marking among the agreements relied on. */
  classificationOf(agreementIds: string[]): string {
    return agreementIds.some((id) => this.registry.find(id)?.classification === 'OFFICIAL-SENSITIVE') ? 'OFFICIAL-SENSITIVE' : 'OFFICIAL';
  }

  /** Agreements listing alert.issued whose `alertOn` names this event type. */
  alertingAgreements(eventType: EventType, today: CivilDate = todayInLondon()): Agreement[] {
    return this.registry.all().filter((a) => this.inForce(a, today) && a.eventTypes.includes('alert.issued') && (a.alertOn ?? []).includes(eventType));
  }

  /**
   * Whether some agreement, active or yet to start, could ever let this agency receive this
   * event type for subjects a subscription's filter admits (its areas and MAPPA categories must
   * overlap the agreement's conditions).
   */
  couldEverReceive(agencyId: string, eventType: EventType, filter: SubscriptionFilter = {}, today: CivilDate = todayInLondon()): boolean {
    const overlaps = <T>(wanted: T[] | undefined, allowed: T[] | undefined) => !wanted?.length || !allowed || wanted.some((x) => allowed.includes(x));
    return this.registry
      .all()
      .some(
        (a) =>
          a.recipients.includes(agencyId) &&
          a.eventTypes.includes(eventType) &&
          ['active', 'review-overdue', 'not-yet-valid'].includes(this.state(a, today)) &&
          overlaps(filter.areas, a.conditions.areas) &&
          overlaps(filter.mappaCategories, a.conditions.mappaCategories),
      );
  }

  /** Whether the agreements relied on for a delivery still allow it today. */
  stillInForce(agreementIds: string[], today: CivilDate = todayInLondon()): boolean {
    return agreementIds.some((id) => {
      const a = this.registry.find(id);
      return a !== undefined && this.inForce(a, today);
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

/** What leaves: the union of the agreements' fields, plus the hub's own references (merge and correction ids). */
function projectedPayload(data: Record<string, unknown>, agreements: Agreement[]): Record<string, unknown> {
  const references = Object.fromEntries(HUB_REFERENCE_KEYS.filter((k) => data[k] !== undefined).map((k) => [k, structuredClone(data[k])]));
  return { ...projectForAgreements(data, agreements), ...references };
}
