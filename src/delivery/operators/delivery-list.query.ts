import { ProblemException, type FieldError } from '../../common/problem';

export const LISTABLE_STATUSES = ['pending', 'failed', 'dead', 'blocked', 'delivered'] as const;
export type ListableStatus = (typeof LISTABLE_STATUSES)[number];

/** Without a status filter, operators see what needs attention (everything but the delivered). */
const DEFAULT_STATUSES: ListableStatus[] = ['pending', 'failed', 'dead', 'blocked'];
const KNOWN_PARAMETERS = ['status', 'agency', 'limit', 'cursor'];

export interface DeliveryListQuery {
  statuses: ListableStatus[];
  agency: string | null;
  limit: number;
  /** Keyset position: the created_at and id of the last item of the previous page. */
  after: { createdAt: string; id: string } | null;
}

export function encodeCursor(createdAt: string, id: string): string {
  return Buffer.from(JSON.stringify([createdAt, id])).toString('base64url');
}

export function decodeCursor(cursor: string): { createdAt: string; id: string } | null {
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (
      typeof createdAt !== 'string' ||
      Number.isNaN(Date.parse(createdAt)) ||
      typeof id !== 'string' ||
      !/^[0-9a-f-]{36}$/.test(id)
    )
      return null;
    return { createdAt, id };
  } catch {
    return null;
  }
}

/**
 * `GET /v1/admin/deliveries` query parameters, checked together: a 400 names every bad one
 * (as the feed does for its own parameters), unknown ones included so a typo is not ignored.
 */
export function parseDeliveryListQuery(
  raw: Record<string, unknown>,
  isKnownAgency: (id: string) => boolean,
): DeliveryListQuery {
  const errors: FieldError[] = [];
  const text = (name: string): string | undefined => {
    const v = raw[name];
    if (v === undefined) return undefined;
    if (typeof v !== 'string') {
      errors.push({ path: name, message: 'must be given once' });
      return undefined;
    }
    return v;
  };
  for (const name of Object.keys(raw).filter((k) => !KNOWN_PARAMETERS.includes(k)))
    errors.push({ path: name, message: 'is not a known parameter' });

  let statuses = DEFAULT_STATUSES;
  const status = text('status');
  if (status !== undefined) {
    const wanted = status.split(',').map((s) => s.trim());
    const bad = wanted.filter((s) => !LISTABLE_STATUSES.includes(s as ListableStatus));
    if (bad.length || !status)
      errors.push({
        path: 'status',
        message: `must be one or more of ${LISTABLE_STATUSES.join(', ')}, comma separated`,
      });
    else statuses = [...new Set(wanted)] as ListableStatus[];
  }

  const agency = text('agency') ?? null;
  if (agency !== null && !isKnownAgency(agency)) errors.push({ path: 'agency', message: 'is not a known agency id' });

  const limitText = text('limit');
  const limit = limitText === undefined ? 100 : Number(limitText);
  if (!/^\d+$/.test(limitText ?? '100') || limit < 1 || limit > 500)
    errors.push({ path: 'limit', message: 'must be an integer from 1 to 500' });

  const cursorText = text('cursor');
  const after = cursorText === undefined ? null : decodeCursor(cursorText);
  if (cursorText !== undefined && !after)
    errors.push({ path: 'cursor', message: 'is not a cursor this endpoint gave out' });

  if (errors.length)
    throw new ProblemException('QUERY_PARAMETER_INVALID', `${errors.length} query parameter(s) are not valid`, errors);
  return { statuses, agency, limit, after };
}
