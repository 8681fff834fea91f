/** The entry HMPO is asked to lodge (passport-watchlist.md, WatchlistEntryRequest). */
export interface WatchlistEntryRequest {
  requestId: string;
  surname: string;
  forenames: string;
  dateOfBirth: string;
  /** Other names the subject is known by (passport-watchlist.md `Aliases`): an application in one is caught too. */
  aliases?: { surname: string; forenames: string }[];
  passportNumber?: string;
  reason: string;
  orderRef: string;
  notifyAuthority: string;
  validUntil?: string;
}

export type HmpoAnswer =
  | { kind: 'lodged'; watchlistRef: string }
  | { kind: 'withdrawn' }
  /** Worth trying again later (HMPO down, slow, 5xx, 429). */
  | { kind: 'retry'; reason: string }
  /** HMPO refused it for good (4xx): an operator must look. */
  | { kind: 'refused'; reason: string };

/** The port to HMPO's watchlist service; adapters/outbound/hmpo implements it over HTTP + XML. */
export interface HmpoWatchlist {
  readonly configured: boolean;
  lodge(entry: WatchlistEntryRequest): Promise<HmpoAnswer>;
  withdraw(watchlistRef: string, requestId: string): Promise<HmpoAnswer>;
}

export const HMPO_WATCHLIST = Symbol('HMPO_WATCHLIST');
