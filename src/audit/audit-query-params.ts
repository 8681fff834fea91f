import { isCivilDate } from '../canonical/civil-date';
import { ProblemException, type FieldError } from '../common/problem';
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

const KNOWN = ['subjectId', 'agency', 'action', 'from', 'to', 'limit', 'cursor'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const AGENCY_ID = /^[a-z0-9][a-z0-9.-]{0,99}$/;
const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d{1,6})?([Zz]|[+-]\d{2}:\d{2})$/;

function isTimestamp(v: string): boolean {
  return RFC3339.test(v) && isCivilDate(v.slice(0, 10)) && !Number.isNaN(Date.parse(v));
}

/**
 * Checks the query string of `GET /v1/audit`, naming every bad parameter at once (400, as
 * for the feed's parameters). Unknown parameters are refused: a misspelt filter must not
 * silently widen an inspector's query to the whole log.
 */
export function parseAuditFilters(query: Record<string, unknown>): AuditFilters {
  const errors: FieldError[] = [];
  const values: Record<string, string> = {};
  for (const [name, value] of Object.entries(query ?? {})) {
    if (!KNOWN.includes(name))
      errors.push({ path: name, message: `is not a parameter of this endpoint (known: ${KNOWN.join(', ')})` });
    else if (typeof value !== 'string') errors.push({ path: name, message: 'must be given once' });
    else values[name] = value;
  }
  const filters: AuditFilters = { limit: 100 };
  const { subjectId, agency, action, from, to, limit, cursor } = values;

  if (subjectId !== undefined) {
    if (UUID.test(subjectId)) filters.subjectId = subjectId.toLowerCase();
    else errors.push({ path: 'subjectId', message: 'must be a subject id (a UUID)' });
  }
  if (agency !== undefined) {
    if (AGENCY_ID.test(agency)) filters.agency = agency;
    else errors.push({ path: 'agency', message: 'must be an agency id such as police.west-yorkshire' });
  }
  if (action !== undefined) {
    if ((AUDIT_ACTIONS as readonly string[]).includes(action)) filters.action = action as AuditAction;
    else errors.push({ path: 'action', message: `must be one of ${AUDIT_ACTIONS.join(', ')}` });
  }
  for (const [name, value] of [
    ['from', from],
    ['to', to],
  ] as const) {
    if (value === undefined) continue;
    if (isTimestamp(value)) filters[name] = value;
    else errors.push({ path: name, message: 'must be an RFC 3339 timestamp such as 2026-10-14T16:32:10Z' });
  }
  if (filters.from && filters.to && Date.parse(filters.from) >= Date.parse(filters.to)) {
    errors.push({ path: 'to', message: 'must be later than from' });
  }
  if (limit !== undefined) {
    const n = Number(limit);
    if (/^\d{1,3}$/.test(limit) && n >= 1 && n <= 500) filters.limit = n;
    else errors.push({ path: 'limit', message: 'must be an integer 1-500' });
  }
  if (cursor !== undefined) {
    const beforeId = decodeAuditCursor(cursor);
    if (beforeId) filters.beforeId = beforeId;
    else errors.push({ path: 'cursor', message: 'must be a nextCursor from an earlier page' });
  }
  if (errors.length)
    throw new ProblemException('QUERY_PARAMETER_INVALID', `${errors.length} query parameter(s) are invalid`, errors);
  return filters;
}
