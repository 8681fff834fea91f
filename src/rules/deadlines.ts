import { addDays, addYearsAndMonths, compareCivilDates, type CivilDate } from '../canonical/civil-date';
import type { ProvenanceKind } from '../canonical/provenance';
import type { SubjectRecord } from '../canonical/subject-record';
import { hasPoliceManager } from '../responsibility/responsibility-facts';
import { reviewableFrom } from './registrations';
import type { DeadlineKind, DeadlineRules } from './deadline-rules';
import type { WorkingDayCalendar } from './working-days';

/** A clock for one subject: what is due, by when, about which fact (`ref`). */
export interface Deadline {
  kind: DeadlineKind;
  /** The fact it is about (registration id, order ref, ...); (kind, ref) is unique per subject. */
  ref: string;
  /** The last day to act (inclusive). */
  dueOn: CivilDate;
  /** True while the date rests on an assumption the hub will replace when told more. */
  provisional: boolean;
  description: string;
  /** Done: what it asks for has happened (e.g. the notification arrived). */
  met: boolean;
  /**
   * The channel the fact it derives from came through: a foreign travel or annual notification
   * clock is NOTIFICATION data (its date is the departure or the last notification), and
   * agreements excluding that provenance must not learn of it through the clock.
   */
  provenance: ProvenanceKind;
}

/** Disposals after which the offender is (or may be) in custody: the initial notification clock waits for release. */
const CUSTODIAL = new Set(['IMPRISONMENT', 'HOSPITAL_ORDER']);

/**
 * Every clock the record implies, recomputed from scratch whenever the record changes, so a
 * variation, discharge or new fact moves or cancels its deadlines without special cases.
 * Pure: the same record gives the same deadlines, whatever the day.
 */
export function deriveDeadlines(
  record: SubjectRecord,
  rules: DeadlineRules,
  calendar?: WorkingDayCalendar,
): Deadline[] {
  const out: Deadline[] = [];
  const add = (
    kind: DeadlineKind,
    ref: string,
    dueOn: CivilDate,
    from: { provenance: { kind: ProvenanceKind } },
    provisional = false,
    met = false,
  ) =>
    out.push({
      kind,
      ref,
      dueOn,
      provisional,
      description: rules[kind].description,
      met,
      provenance: from.provenance.kind,
    });
  // Notifications, oldest first: the police tell the hub when the offender notified them.
  const notifications = [...(record.notifications ?? [])].sort((a, b) => a.receivedOn.localeCompare(b.receivedOn));
  const notifiedSince = (from: CivilDate) => notifications.some((n) => n.receivedOn >= from);

  for (const r of record.registrations) {
    // Initial notification: 3 days from the start, unless the offender went into custody
    // (then from release, which the hub learns from prisons/probation; no clock until then).
    const conviction = record.convictions.find((c) => c.hearingKey === r.basisRef);
    const custodial = conviction?.disposal ? CUSTODIAL.has(conviction.disposal) : false;
    const latestCustody = record.custody?.[0];
    const releasedSince = latestCustody?.kind === 'RELEASED' && latestCustody.on >= r.startDate;
    const clockFrom = !custodial ? r.startDate : releasedSince ? latestCustody.on : null;
    if (clockFrom)
      add(
        'INITIAL_NOTIFICATION',
        r.registrationId,
        addDays(clockFrom, rules.INITIAL_NOTIFICATION.days!),
        r,
        false,
        notifiedSince(clockFrom),
      );
    // A managing police force within 3 days of the same start: met while one manages the person.
    if (clockFrom)
      add(
        'POLICE_MANAGER',
        r.registrationId,
        addDays(clockFrom, rules.POLICE_MANAGER.days!),
        r,
        false,
        hasPoliceManager(record),
      );
    // Annual notification: within a year of the last one, while the requirements run.
    const last = notifications.filter((n) => n.receivedOn >= r.startDate).at(-1);
    if (last && (r.endDate === null || last.receivedOn <= r.endDate)) {
      add(
        'ANNUAL_NOTIFICATION',
        r.registrationId,
        addDays(addYearsAndMonths(last.receivedOn, rules.ANNUAL_NOTIFICATION.years ?? 1, 0), -1),
        last,
      );
    }
    // Ended by the discharge of its SHPO: registration.ended was raised with the discharge.
    if (r.endDate !== null && r.endDateReason?.kind !== 'ORDER_DISCHARGED')
      add('REGISTRATION_END', r.registrationId, r.endDate, r);
    // No review while an SHPO is in force: the eligibility clock waits until the order ends.
    const reviewOn = reviewableFrom(r, record.orders);
    if (reviewOn !== null)
      add('INDEFINITE_REVIEW_ELIGIBILITY', r.registrationId, reviewOn, r, r.reviewEligibleFromProvisional);
  }

  // Registered on a day: requirements had started and not yet ended.
  const registeredOn = (day: CivilDate) =>
    record.registrations.some((r) => r.startDate <= day && (r.endDate === null || day <= r.endDate));

  // Change of details: a move another agency reports with its date (probation's address
  // change), after the requirements began, must be notified by the offender within 3 days.
  // The address held at the start is the initial notification's business, not a change.
  const address = record.address;
  if (address?.from && address.provenance.kind !== 'NOTIFICATION') {
    const changedOn = address.from;
    if (registeredOn(changedOn) && record.registrations.some((r) => r.startDate < changedOn)) {
      const notified = notifications.some(
        (n) => n.receivedOn >= changedOn && (n.kind === 'CHANGE_OF_DETAILS' || n.details.address !== undefined),
      );
      add(
        'CHANGE_OF_DETAILS',
        `address:${changedOn}`,
        addDays(changedOn, rules.CHANGE_OF_DETAILS.days ?? 3),
        address,
        false,
        notified,
      );
    }
  }

  // Foreign travel: notified before departure (reference data sets how long before). Known
  // only from the notification itself, so the clock is met at once, or open and already late.
  for (const n of notifications) {
    if (n.kind !== 'FOREIGN_TRAVEL' || !n.details.departOn || !registeredOn(n.details.departOn)) continue;
    const dueOn = addDays(n.details.departOn, -(rules.FOREIGN_TRAVEL.days ?? 0));
    add('FOREIGN_TRAVEL', `travel:${n.notificationId}`, dueOn, n, false, n.receivedOn <= dueOn);
  }

  // Probation: the next OASys review of the current assessment, and a risk management plan
  // within 5 working days of it (working days need the bank holiday calendar), met by a plan
  // from probation or the police that names this assessment by its completion date.
  const current = record.riskAssessments?.[0];
  if (current) {
    const weeks = rules.OASYS_REVIEW.weeks ?? 16;
    add(
      'OASYS_REVIEW',
      current.assessmentId,
      current.nextReviewDue ?? addDays(current.completedOn, weeks * 7),
      current,
    );
    if (calendar && rules.RISK_MANAGEMENT_PLAN.workingDays) {
      try {
        add(
          'RISK_MANAGEMENT_PLAN',
          current.assessmentId,
          calendar.addWorkingDays(current.completedOn, rules.RISK_MANAGEMENT_PLAN.workingDays),
          current,
          false,
          (record.riskPlans ?? []).some((p) => p.assessmentCompletedOn === current.completedOn),
        );
      } catch {
        // Beyond the bank holiday reference data: no guess (the data must be extended).
      }
    }
  }

  // Probation: the licence's end (not once supervision has ended).
  const licence = record.licence;
  if (licence && !(record.supervisionEnded && record.supervisionEnded.endedOn >= licence.startDate))
    add('LICENCE_EXPIRY', `licence:${licence.startDate}`, licence.expiryDate, licence);

  // Prison: release planning, a set number of days before a scheduled release (gone once released).
  const plan = record.releasePlan;
  if (plan)
    add(
      'RELEASE_PLANNING',
      `release:${plan.eventId}`,
      addDays(plan.expectedOn, -(rules.RELEASE_PLANNING.days ?? 28)),
      plan,
    );

  // MAPPA: each action's own clock, and its escalation to the chair; closed actions are met.
  for (const meeting of record.mappaMeetings ?? []) {
    for (const action of meeting.actions) {
      const ref = mappaActionRef(meeting.meetingId, action.actionId);
      const closed = action.status === 'DONE' || action.status === 'CANCELLED';
      add('MAPPA_ACTION', ref, action.dueOn, action, false, closed);
      const escalateAfter = rules.MAPPA_ACTION_ESCALATED.escalateAfterDays ?? 5;
      add('MAPPA_ACTION_ESCALATED', ref, addDays(action.dueOn, escalateAfter), action, false, closed);
    }
  }

  for (const o of record.orders) {
    if (o.status !== 'ACTIVE') continue; // a discharged order has no clocks left
    if (o.endDate !== null) add('ORDER_EXPIRY', o.orderRef, o.endDate, o);
    const travel = o.prohibitions.find((p) => p.code === 'FOREIGN_TRAVEL_PROHIBITED');
    if (travel) {
      // At most 5 years from the making (or the variation that renewed it) unless the court set an earlier end.
      const from = o.variedOn ?? o.madeOn;
      const statutoryLast = addDays(addYearsAndMonths(from, rules.FOREIGN_TRAVEL_PROHIBITION_LAPSE.years!, 0), -1);
      const candidates = [statutoryLast, travel.until, o.endDate].filter((d): d is CivilDate => !!d);
      add(
        'FOREIGN_TRAVEL_PROHIBITION_LAPSE',
        `${o.orderRef}#FOREIGN_TRAVEL_PROHIBITED`,
        candidates.sort(compareCivilDates)[0],
        o,
      );
    }
  }
  return out;
}

/** A MAPPA action's deadline ref: the meeting and the unit's action id. */
export function mappaActionRef(meetingId: string, actionId: string): string {
  return `${meetingId}#${actionId}`;
}

/**
 * The provenance of an open deadline's source fact, derived again from the record as it stands
 * (deadlines are re-derived on every change, so the record holds the fact). A clock that needs
 * the bank holiday calendar and is not found this way is probation's, from its assessment.
 */
export function deadlineProvenance(
  record: SubjectRecord,
  rules: DeadlineRules,
  kind: DeadlineKind,
  ref: string,
): ProvenanceKind | null {
  const found = deriveDeadlines(record, rules).find((d) => d.kind === kind && d.ref === ref);
  if (found) return found.provenance;
  if (kind === 'RISK_MANAGEMENT_PLAN')
    return record.riskAssessments?.find((a) => a.assessmentId === ref)?.provenance.kind ?? null;
  return null;
}
