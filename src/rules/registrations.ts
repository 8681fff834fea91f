import { addDays, compareCivilDates, type CivilDate } from '../canonical/civil-date';
import { isConvictingFinding } from '../canonical/findings';
import type { Conviction, Order, Registration, SubjectRecord } from '../canonical/subject-record';
import type { NotificationPeriodTable } from './notification-period-table';
import {
  isJuvenileOn,
  longestPeriod,
  notificationPeriodFor,
  periodToIso,
  registrationEndDate,
  reviewEligibleFrom,
  type NotificationPeriod,
} from './notification-period';
import { orderEndDate } from './order-dates';

/** Orders that keep (or start) notification requirements while in force (s.103G). */
const REGISTRATION_ORDERS = new Set(['SHPO']);
/** Orders that bar a review of an indefinite requirement while in force (s.91A). */
const REVIEW_BARRING_ORDERS = new Set(['SHPO', 'SOPO']);

/**
 * Derives the notification requirements from the record's facts: one registration per case
 * with a certified notifiable conviction (longest period of its convictions), extended by any
 * SHPO that outlasts it, or started by an SHPO where there is none. A discharged SHPO had effect
 * until its discharge, so what it started or extended ends then. Pure: same facts and same
 * `today` (which only decides whether an SHPO in force bars a review), same answer.
 */
export function deriveRegistrations(
  record: SubjectRecord,
  table: NotificationPeriodTable,
  today: CivilDate,
): Registration[] {
  const dateOfBirth = record.dateOfBirth?.value;
  const byCase = new Map<string, Conviction[]>();
  for (const c of record.convictions) {
    if (!c.notificationCertificate || !isConvictingFinding(c.finding)) continue;
    byCase.set(c.hearingKey, [...(byCase.get(c.hearingKey) ?? []), c]);
  }

  const registrations: Registration[] = [];
  for (const [caseKey, convictions] of byCase) {
    const registration = fromConvictions(caseKey, convictions, dateOfBirth, table);
    if (registration) registrations.push(registration);
  }

  // A notifiable caution starts requirements too (2 years adult, 1 year youth: the table's CAUTION row).
  for (const caution of record.cautions ?? []) {
    if (!caution.notifiable) continue;
    const juvenile = dateOfBirth ? isJuvenileOn(dateOfBirth, caution.cautionedOn) : caution.youth;
    const period = notificationPeriodFor(table, { disposal: 'CAUTION' }, juvenile);
    registrations.push(
      withPeriod(
        {
          registrationId: `caution:${caution.cautionId}`,
          basis: 'CAUTION',
          basisRef: caution.cautionId,
          startDate: caution.cautionedOn,
          juvenile,
          endDateReason: null,
          reviewBarredByOrder: false,
          provenance: caution.provenance,
        },
        period,
        table,
      ),
    );
  }

  // Discharged ones too: the requirements ran while the order had effect, and end with it.
  const registering = record.orders.filter((o) => REGISTRATION_ORDERS.has(o.orderType));
  for (const order of registering) {
    const extended = registrations.filter((r) => runsAt(r, order.madeOn));
    if (extended.length === 0) {
      registrations.push(fromOrder(order, dateOfBirth, table));
      continue;
    }
    for (const r of extended) extendByOrder(r, order);
  }

  for (const r of registrations) r.reviewBarredByOrder = isReviewBarredOn(r, record.orders, today);
  for (const r of registrations) fixReviewDateFromFirstNotification(r, record, table);
  return registrations.sort((a, b) => compareCivilDates(a.startDate, b.startDate));
}

/** An order has effect on a date when it was made by then, is not discharged and has not passed its end. */
export function orderInForceOn(order: Order, date: CivilDate): boolean {
  const end = orderEndDate(order);
  return (
    order.status === 'ACTIVE' &&
    compareCivilDates(order.madeOn, date) <= 0 &&
    (end === null || compareCivilDates(end, date) >= 0)
  );
}

/** domain.md: no review of an indefinite requirement while an SHPO is in force (on `date`). */
export function isReviewBarredOn(r: Registration, orders: Order[], date: CivilDate): boolean {
  return (
    r.period === 'INDEFINITE' && orders.some((o) => REVIEW_BARRING_ORDERS.has(o.orderType) && orderInForceOn(o, date))
  );
}

/**
 * The first day an indefinite requirement may be reviewed: its eligibility date, or, while a
 * barring order is in force then, the day after that order ends; null when an order without
 * end bars it. Date-free, so the clock it sets moves only when the record does.
 */
export function reviewableFrom(r: Registration, orders: Order[]): CivilDate | null {
  let day = r.reviewEligibleFrom;
  if (day === null || r.period !== 'INDEFINITE') return day;
  for (;;) {
    const barring = orders.find((o) => REVIEW_BARRING_ORDERS.has(o.orderType) && orderInForceOn(o, day!));
    if (!barring) return day;
    const end = orderEndDate(barring);
    if (end === null) return null;
    day = addDays(end, 1);
  }
}

function fromConvictions(
  caseKey: string,
  convictions: Conviction[],
  dateOfBirth: CivilDate | undefined,
  table: NotificationPeriodTable,
): Registration | null {
  const startDate = convictions.map((c) => c.convictionDate).sort(compareCivilDates)[0];
  const juvenile = dateOfBirth ? isJuvenileOn(dateOfBirth, startDate) : false;
  const provenance = convictions[0].provenance;
  const base = {
    registrationId: `conviction:${caseKey}`,
    basis: 'CONVICTION' as const,
    basisRef: caseKey,
    startDate,
    juvenile,
    endDateReason: null,
    reviewBarredByOrder: false,
    provenance,
  };
  if (convictions.some((c) => c.sentence === null)) {
    return {
      ...base,
      period: 'PENDING_SENTENCE',
      periodEndDate: null,
      endDate: null,
      reviewEligibleFrom: null,
      reviewEligibleFromProvisional: false,
    };
  }
  const period = longestPeriod(
    convictions.map((c) => notificationPeriodFor(table, { ...c.sentence!, disposal: c.sentence!.disposal }, juvenile)),
  );
  if (period.kind === 'NONE') return null; // e.g. absolute discharge: no requirements
  return withPeriod(base, period, table);
}

function fromOrder(order: Order, dateOfBirth: CivilDate | undefined, table: NotificationPeriodTable): Registration {
  const registration = fromOrderTerms(order, dateOfBirth, table);
  // Discharged: the requirements it alone started end on the discharge; nothing is left to review.
  if (order.status === 'DISCHARGED') {
    registration.endDate = dischargeDate(order);
    registration.endDateReason = { kind: 'ORDER_DISCHARGED', orderRef: order.orderRef };
    registration.reviewEligibleFrom = null;
    registration.reviewEligibleFromProvisional = false;
  }
  return registration;
}

function dischargeDate(order: Order): CivilDate {
  return order.dischargedOn ?? order.endDate ?? order.madeOn;
}

function fromOrderTerms(
  order: Order,
  dateOfBirth: CivilDate | undefined,
  table: NotificationPeriodTable,
): Registration {
  const juvenile = dateOfBirth ? isJuvenileOn(dateOfBirth, order.madeOn) : false;
  const end = orderEndDate(order);
  const period: NotificationPeriod = order.duration.indefinite
    ? { kind: 'INDEFINITE' }
    : order.duration.years !== undefined
      ? { kind: 'FIXED', years: order.duration.years, months: 0 }
      : { kind: 'FIXED', years: 0, months: 0 };
  const registration = withPeriod(
    {
      registrationId: `order:${order.orderRef}`,
      basis: 'ORDER' as const,
      basisRef: order.orderRef,
      startDate: order.madeOn,
      juvenile,
      endDateReason: null,
      reviewBarredByOrder: false,
      provenance: order.provenance,
    },
    period,
    table,
  );
  // An order made "until" a date lasts exactly as long as the order.
  if (order.duration.until) {
    registration.period = 'ORDER';
    registration.periodEndDate = end;
    registration.endDate = end;
  }
  return registration;
}

type RegistrationBase = Omit<
  Registration,
  'period' | 'periodEndDate' | 'endDate' | 'reviewEligibleFrom' | 'reviewEligibleFromProvisional'
>;

function withPeriod(base: RegistrationBase, period: NotificationPeriod, table: NotificationPeriodTable): Registration {
  const indefinite = period.kind === 'INDEFINITE';
  const periodEndDate = registrationEndDate(base.startDate, period);
  return {
    ...base,
    period: periodToIso(period),
    periodEndDate,
    endDate: periodEndDate,
    // Until the first notification after release is known, the review date counts from the start.
    reviewEligibleFrom: indefinite ? reviewEligibleFrom(table, base.startDate, base.juvenile) : null,
    reviewEligibleFromProvisional: indefinite,
  };
}

/**
 * s.91B: an indefinite requirement is reviewable 15 (8) years from the first notification made
 * after release from custody. Until the hub knows that notification the date stays provisional.
 */
function fixReviewDateFromFirstNotification(
  r: Registration,
  record: SubjectRecord,
  table: NotificationPeriodTable,
): void {
  if (r.period !== 'INDEFINITE') return;
  const custodial = record.convictions.some(
    (c) => c.hearingKey === r.basisRef && (c.disposal === 'IMPRISONMENT' || c.disposal === 'HOSPITAL_ORDER'),
  );
  const release = (record.custody ?? [])
    .filter((c) => c.kind === 'RELEASED' && c.on >= r.startDate)
    .sort((a, b) => a.on.localeCompare(b.on))[0];
  const from = custodial ? release?.on : r.startDate;
  if (!from) return;
  const first = (record.notifications ?? [])
    .filter((n) => n.receivedOn >= from)
    .sort((a, b) => a.receivedOn.localeCompare(b.receivedOn))[0];
  if (!first) return;
  r.reviewEligibleFrom = reviewEligibleFrom(table, first.receivedOn, r.juvenile);
  r.reviewEligibleFromProvisional = false;
}

/** Whether a registration is still running on a date (pending and indefinite ones always are). */
function runsAt(r: Registration, date: CivilDate): boolean {
  return compareCivilDates(r.startDate, date) <= 0 && (r.endDate === null || compareCivilDates(r.endDate, date) >= 0);
}

/**
 * s.103G: requirements continue while the SHPO has effect, to its end if that is later; a
 * discharged SHPO had effect until its discharge.
 */
function extendByOrder(r: Registration, order: Order): void {
  if (r.period === 'PENDING_SENTENCE' || r.endDate === null) return; // already open-ended
  const discharged = order.status === 'DISCHARGED';
  const orderEnd = discharged ? dischargeDate(order) : orderEndDate(order);
  if (orderEnd !== null && compareCivilDates(orderEnd, r.endDate) <= 0) return;
  r.endDate = orderEnd;
  r.endDateReason = { kind: discharged ? 'ORDER_DISCHARGED' : 'EXTENDED_BY_ORDER', orderRef: order.orderRef };
}
