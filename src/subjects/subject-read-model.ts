import { compareCivilDates, type CivilDate } from '../canonical/civil-date';
import type { SubjectRecord } from '../canonical/subject-record';
import { isReviewBarredOn } from '../rules/registrations';

/**
 * The record in canonical-path layout (`subject.names`, `conviction`, `registration`, ...), with
 * date-bound states (ACTIVE/ENDED, EXPIRED) worked out for `today`, ready for projection.
 */
export function canonicalView(record: SubjectRecord, today: CivilDate): Record<string, unknown> {
  return {
    subject: {
      names: record.names,
      dateOfBirth: record.dateOfBirth?.value ?? null,
      identifiers: record.identifiers,
      address: record.address,
    },
    conviction: record.convictions,
    registration: record.registrations.map((r) => ({
      ...r,
      status: r.endDate !== null && compareCivilDates(r.endDate, today) < 0 ? 'ENDED' : 'ACTIVE',
      // Stored as of the last message; an SHPO that has since expired no longer bars the review.
      reviewBarredByOrder: isReviewBarredOn(r, record.orders, today),
    })),
    order: record.orders.map((o) => ({
      ...o,
      status:
        o.status === 'ACTIVE' && o.endDate !== null && compareCivilDates(o.endDate, today) < 0 ? 'EXPIRED' : o.status,
    })),
    // Probation's facts; absent until probation has sent any (absent, never null, in reads).
    ...(record.riskAssessments?.length || record.riskPlans?.length ? { risk: riskView(record) } : {}),
    ...(record.mappa?.length ? { mappa: { ...record.mappa[0], history: record.mappa.slice(1) } } : {}),
    ...(record.licence ? { licence: record.licence } : {}),
    ...(record.offenderManager ? { offenderManager: record.offenderManager } : {}),
    ...(record.cautions?.length ? { caution: record.cautions } : {}),
    ...(record.notifications?.length ? { notification: record.notifications } : {}),
    ...(record.supervisionEnded ? { supervision: { ended: record.supervisionEnded } } : {}),
    ...(record.watchlistHits?.length ? { watchlist: { hits: record.watchlistHits } } : {}),
    ...(record.custody?.length || record.releasePlan ? { custody: custodyView(record) } : {}),
    ...(record.responsibility?.length ? { responsibility: responsibilityView(record) } : {}),
  };
}

/** Assessments and plans; a plan may arrive before the assessment it names (sent out of order). */
function riskView(record: SubjectRecord): Record<string, unknown> {
  const assessments = record.riskAssessments ?? [];
  return {
    ...(assessments.length ? { roshOverall: assessments[0].roshOverall, assessments } : {}),
    ...(record.riskPlans?.length ? { plans: record.riskPlans } : {}),
  };
}

const CUSTODY_STATUS: Record<string, string> = {
  RECEIVED: 'IN_CUSTODY',
  TRANSFERRED: 'IN_CUSTODY',
  RELEASED: 'RELEASED',
  RECALLED: 'RECALLED',
};

function custodyView(record: SubjectRecord): Record<string, unknown> {
  const latest = record.custody?.[0];
  return {
    ...(latest ? { status: CUSTODY_STATUS[latest.kind] } : {}),
    events: record.custody ?? [],
    ...(record.releasePlan ? { release: record.releasePlan } : {}),
  };
}

/** Who is responsible now (open periods) and who was (responsibility.md, "Reading it"). */
function responsibilityView(record: SubjectRecord): Record<string, unknown> {
  const facts = record.responsibility ?? [];
  return { current: facts.filter((f) => f.to === undefined), history: facts.filter((f) => f.to !== undefined) };
}

/** Canonical top-level names → the read model's (api.md): subject.X → X, conviction → convictions... */
const READ_MODEL_KEYS: Record<string, string> = {
  conviction: 'convictions',
  caution: 'cautions',
  registration: 'registrations',
  order: 'orders',
  notification: 'notifications',
};

/** Turns a projected canonical view into the read model of api.md; absent fields stay absent. */
export function toReadModel(subjectId: string, projected: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { subjectId };
  for (const [key, value] of Object.entries(projected)) {
    if (key === 'subject' && value && typeof value === 'object') Object.assign(out, value);
    else out[READ_MODEL_KEYS[key] ?? key] = value;
  }
  return out;
}

export function hasActiveRegistration(record: SubjectRecord, today: CivilDate): boolean {
  return record.registrations.some((r) => r.endDate === null || compareCivilDates(r.endDate, today) >= 0);
}
