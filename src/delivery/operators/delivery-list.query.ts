import { ListQuery, type KeysetPosition } from '../../common/paging';

/** What a webhook delivery row can be listed by (a feed entry's `available` only for its own agency). */
export const LISTABLE_STATUSES = ['pending', 'failed', 'dead', 'blocked', 'delivered'] as const;
export type ListableStatus = (typeof LISTABLE_STATUSES)[number];

/** An agency also sees its feed entries, `available` until it reads them. */
export const AGENCY_LISTABLE_STATUSES = [...LISTABLE_STATUSES, 'available'] as const;
export type AgencyListableStatus = (typeof AGENCY_LISTABLE_STATUSES)[number];

/** Without a status filter, operators see what needs attention (everything but the delivered). */
const OPERATOR_DEFAULT: ListableStatus[] = ['pending', 'failed', 'dead', 'blocked'];

/**
 * One query for both lists of deliveries. An agency's is scoped in SQL by `agency` and
 * `subscriptionId` together, so a row of another agency can never match.
 */
export interface DeliveryListQuery {
  statuses: AgencyListableStatus[];
  agency: string | null;
  subscriptionId: string | null;
  /** Operators see webhook deliveries only; an agency sees its feed entries too. */
  includeFeedEntries: boolean;
  limit: number;
  /** Keyset position: created_at and id of the last item of the previous page. */
  after: KeysetPosition | null;
}

function statusesOf<S extends string>(q: ListQuery, allowed: readonly S[], fallback: S[]): S[] {
  const status = q.text('status');
  if (status === undefined) return fallback;
  const wanted = status.split(',').map((s) => s.trim());
  if (!status || wanted.some((s) => !allowed.includes(s as S))) {
    q.fail('status', `must be one or more of ${allowed.join(', ')}, comma separated`);
    return fallback;
  }
  return [...new Set(wanted)] as S[];
}

/** `GET /v1/admin/deliveries`: every bad parameter named in one 400, unknown ones included. */
export function parseDeliveryListQuery(
  raw: Record<string, unknown>,
  isKnownAgency: (id: string) => boolean,
): DeliveryListQuery {
  const q = new ListQuery(raw, ['status', 'agency']);
  const statuses = statusesOf(q, LISTABLE_STATUSES, OPERATOR_DEFAULT);
  const agency = q.text('agency') ?? null;
  if (agency !== null && !isKnownAgency(agency)) q.fail('agency', 'is not a known agency id');
  const limit = q.limit();
  const after = q.cursor();
  q.done();
  return { statuses, agency, subscriptionId: null, includeFeedEntries: false, limit, after };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * `GET /v1/deliveries` for the calling agency: `subscriptionId` required; every status by
 * default (an integrator wants to see what arrived as well as what did not).
 */
export function parseAgencyDeliveryQuery(raw: Record<string, unknown>, agencyId: string): DeliveryListQuery {
  const q = new ListQuery(raw, ['subscriptionId', 'status']);
  const subscriptionId = q.text('subscriptionId');
  if (subscriptionId === undefined) q.fail('subscriptionId', 'is required: the id of one of your subscriptions');
  else if (!UUID.test(subscriptionId)) q.fail('subscriptionId', 'must be a subscription id (a UUID)');
  const statuses = statusesOf(q, AGENCY_LISTABLE_STATUSES, [...AGENCY_LISTABLE_STATUSES]);
  const limit = q.limit();
  const after = q.cursor();
  q.done();
  return {
    statuses,
    agency: agencyId,
    subscriptionId: subscriptionId!.toLowerCase(),
    includeFeedEntries: true,
    limit,
    after,
  };
}
