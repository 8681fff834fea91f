import { Injectable } from '@nestjs/common';
import { todayInLondon, type CivilDate } from '../canonical/civil-date';
import type { EventType } from '../canonical/event-types';
import { ackWithinMs, agreementAllowsFlow, agreementState, type Agreement, type AgreementState } from './agreement';
import { AgreementRegistry } from './agreement-registry';
import { AgreementSuspensions, type Suspension } from './agreement-suspensions';
import {
  decideDelivery,
  decideRecord,
  type DeliveryDecision,
  type DeliveryRequest,
  type RecordDisclosure,
  type RecordScope,
  type RecordView,
  type SubscriptionFilter,
} from './disclosure-decision';

export {
  conditionsHold,
  type SubjectFacts,
  type SubscriptionFilter,
  type RecordView,
  type DeliveryRequest,
  type DeliveryDecision,
} from './disclosure-decision';

/** An agreement as it stands today, for operators. */
export interface AgreementStanding {
  agreement: Agreement;
  state: AgreementState;
  suspension?: Suspension;
}

/**
 * The one policy every exit goes through, with today's agreements at the moment data leaves:
 * `disclose` for a record view (reads, checks, timeline, preview, console, HMPO lodgement) and
 * `forDelivery` for an event (routing, send-time and read-time re-checks, replays, corrections).
 * Each answer first reloads the operators' suspensions (concurrent askers share one reload), so
 * a suspension made a moment ago in another process holds; callers never refresh it themselves.
 */
@Injectable()
export class DisclosurePolicy {
  constructor(
    private readonly registry: AgreementRegistry,
    private readonly suspensions: AgreementSuspensions,
  ) {}

  /** What `recipient` may see of this record now, and under which agreements; null: not found. */
  async disclose(
    view: RecordView,
    recipient: string,
    scope: RecordScope = {},
    today: CivilDate = todayInLondon(),
  ): Promise<RecordDisclosure | null> {
    return decideRecord(await this.inForce(today), recipient, view, scope);
  }

  /** Several record views for one recipient (a check's matches), under one reload. */
  async discloseEach(
    views: RecordView[],
    recipient: string,
    scope: RecordScope = {},
    today: CivilDate = todayInLondon(),
  ): Promise<(RecordDisclosure | null)[]> {
    const inForce = await this.inForce(today);
    return views.map((v) => decideRecord(inForce, recipient, v, scope));
  }

  /** Whether this event goes to this subscription now, under which agreements, projected how. */
  async forDelivery(request: DeliveryRequest, today: CivilDate = todayInLondon()): Promise<DeliveryDecision> {
    return decideDelivery(await this.inForce(today), request);
  }

  /** Many (event, subscription) pairs (a routing batch, a window replay, a feed page), under one reload. */
  async forDeliveries(requests: DeliveryRequest[], today: CivilDate = todayInLondon()): Promise<DeliveryDecision[]> {
    const inForce = await this.inForce(today);
    return requests.map((r) => decideDelivery(inForce, r));
  }

  /** Every loaded agreement with its state today, counting suspensions. */
  async standing(today: CivilDate = todayInLondon()): Promise<AgreementStanding[]> {
    await this.suspensions.refresh();
    return this.registry.all().map((agreement) => {
      const suspension = this.suspensions.find(agreement.id);
      return { agreement, state: this.state(agreement, today), ...(suspension ? { suspension } : {}) };
    });
  }

  private async inForce(today: CivilDate): Promise<Agreement[]> {
    await this.suspensions.refresh();
    return this.registry.all().filter((a) => agreementAllowsFlow(a, today, this.suspensions.isSuspended(a.id)));
  }

  /** The agreement's state on `today`, counting an operator's suspension as last reloaded. */
  private state(a: Agreement, today: CivilDate): AgreementState {
    return agreementState(a, today, this.suspensions.isSuspended(a.id));
  }

  /** The acknowledgement window for a disclosure: the shortest `ackWithin` of the agreements relied on. */
  ackWithinMs(agreementIds: string[]): number | null {
    const windows = agreementIds
      .map((id) => this.registry.find(id)?.ackWithin)
      .filter((w): w is string => !!w)
      .map(ackWithinMs);
    return windows.length ? Math.min(...windows) : null;
  }

  /** The highest marking among the agreements relied on. */
  classificationOf(agreementIds: string[]): string {
    return agreementIds.some((id) => this.registry.find(id)?.classification === 'OFFICIAL-SENSITIVE')
      ? 'OFFICIAL-SENSITIVE'
      : 'OFFICIAL';
  }

  /** Agreements listing alert.issued whose `alertOn` names this event type (whether to build an alert at all; its delivery is decided like any event). */
  alertingAgreements(eventType: EventType, today: CivilDate = todayInLondon()): Agreement[] {
    return this.registry
      .all()
      .filter(
        (a) =>
          agreementAllowsFlow(a, today, this.suspensions.isSuspended(a.id)) &&
          a.eventTypes.includes('alert.issued') &&
          (a.alertOn ?? []).includes(eventType),
      );
  }

  /**
   * Whether some agreement, active or yet to start, could ever let this agency receive this
   * event type for subjects a subscription's filter admits (its areas and MAPPA categories must
   * overlap the agreement's conditions). Judged on the suspensions as they stand now.
   */
  async couldEverReceive(
    agencyId: string,
    eventType: EventType,
    filter: SubscriptionFilter = {},
    today: CivilDate = todayInLondon(),
  ): Promise<boolean> {
    await this.suspensions.refresh();
    const overlaps = <T>(wanted: T[] | undefined, allowed: T[] | undefined) =>
      !wanted?.length || !allowed || wanted.some((x) => allowed.includes(x));
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
}
