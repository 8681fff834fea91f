import { isCivilDate } from '../canonical/civil-date';
import { ListQuery } from '../common/paging';
import { decodeAuditCursor } from './audit-cursor';
import { AUDIT_ACTIONS, type AuditAction } from './audit-entry';

/** What `GET /v1/audit` was asked for, validated. */
export interface AuditFilters {
  subjectId?: string;
  /** Rows where this agency acted or was a recipient. */
  agency?: string;
  action?: AuditAction;
  /** Inclusive. */
  from?: string;
  /** Exclusive. */
  to?: string;
  limit: number;
  /** Rows with an id below this one (the next page). */
  beforeId?: string;
}

/** The filters; `limit` and `cursor` are every list's (src/common/paging.ts). */
const FILTERS = ['subjectId', 'agency', 'action', 'from', 'to'] as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const AGENCY_ID = /^[a-z0-9][a-z0-9.-]{0,99}$/;
const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d{1,6})?([Zz]|[+-]\d{2}:\d{2})$/;

function isTimestamp(v: string): boolean {
  return RFC3339.test(v) && isCivilDate(v.slice(0, 10)) && !Number.isNaN(Date.parse(v));
}

/**
 * Checks the query string of `GET /v1/audit`, naming every bad parameter at once (400, as
 * every list does). Unknown parameters are refused: a misspelt filter must not
 * silently widen an inspector's query to the whole log.
 */
export function parseAuditFilters(query: Record<string, unknown>): AuditFilters {
  const q = new ListQuery(query ?? {}, FILTERS);
  const filters: AuditFilters = { limit: 100 };
  const [subjectId, agency, action, from, to] = FILTERS.map((name) => q.text(name));

  if (subjectId !== undefined) {
    if (UUID.test(subjectId)) filters.subjectId = subjectId.toLowerCase();
    else q.fail('subjectId', 'must be a subject id (a UUID)');
  }
  if (agency !== undefined) {
    if (AGENCY_ID.test(agency)) filters.agency = agency;
    else q.fail('agency', 'must be an agency id such as police.west-yorkshire');
  }
  if (action !== undefined) {
    if ((AUDIT_ACTIONS as readonly string[]).includes(action)) filters.action = action as AuditAction;
    else q.fail('action', `must be one of ${AUDIT_ACTIONS.join(', ')}`);
  }
  for (const [name, value] of [
    ['from', from],
    ['to', to],
  ] as const) {
    if (value === undefined) continue;
    if (isTimestamp(value)) filters[name] = value;
    else q.fail(name, 'must be an RFC 3339 timestamp such as 2026-10-14T16:32:10Z');
  }
  if (filters.from && filters.to && Date.parse(filters.from) >= Date.parse(filters.to)) {
    q.fail('to', 'must be later than from');
  }
  filters.limit = q.limit();
  const beforeId = q.cursor(decodeAuditCursor);
  if (beforeId) filters.beforeId = beforeId;
  q.done();
  return filters;
}
