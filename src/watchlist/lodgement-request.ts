import type { WatchlistEntryRequest } from './hmpo-watchlist.port';
import type { WatchlistEntry } from './watchlist-entries';

/**
 * The lodgement HMPO receives, built only from HMPO's record view (the record as the disclosure
 * policy projected it for HMPO): a name, date of birth or passport number its agreements
 * withhold is simply not in the view, so it is not sent.
 */
export function lodgementRequest(
  entry: Pick<WatchlistEntry, 'lodgeRequestId' | 'reason' | 'orderRef' | 'validUntil'>,
  shown: Record<string, any>,
  notifyAuthority: string,
): WatchlistEntryRequest {
  const names = (shown.subject?.names ?? []) as { forenames: string; surname: string; type: string }[];
  const primary = names.find((n) => n.type === 'PRIMARY') ?? names[0];
  const aliases = names.filter((n) => n !== primary).map(({ surname, forenames }) => ({ surname, forenames }));
  // The newest passport: identifiers are kept in the order the hub learnt them.
  const passport = ((shown.subject?.identifiers ?? []) as { scheme: string; value: string }[])
    .filter((i) => i.scheme === 'PASSPORT')
    .at(-1);
  return {
    requestId: entry.lodgeRequestId,
    surname: primary?.surname ?? '',
    forenames: primary?.forenames ?? '',
    dateOfBirth: typeof shown.subject?.dateOfBirth === 'string' ? shown.subject.dateOfBirth : '',
    ...(aliases.length ? { aliases } : {}),
    ...(passport ? { passportNumber: passport.value } : {}),
    reason: entry.reason ?? 'SHPO_FOREIGN_TRAVEL_PROHIBITION',
    orderRef: entry.orderRef,
    notifyAuthority,
    ...(entry.validUntil ? { validUntil: entry.validUntil } : {}),
  };
}
