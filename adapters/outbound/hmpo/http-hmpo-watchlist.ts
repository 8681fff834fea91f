import { parseUntrustedXml } from '../../common/safe-xml';
import type { HmpoAnswer, HmpoWatchlist, WatchlistEntryRequest } from '../../../src/watchlist/hmpo-watchlist.port';

const TIMEOUT_MS = 10_000;

const escapeXml = (v: string) =>
  v.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);

/** The XML body of a lodge request, exactly as passport-watchlist.md shows it (with its `Aliases`). */
export function watchlistEntryXml(e: WatchlistEntryRequest): string {
  const el = (name: string, value: string | undefined) =>
    value === undefined ? '' : `<${name}>${escapeXml(value)}</${name}>`;
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<WatchlistEntryRequest xmlns="urn:hmpo:watchlist:1">` +
    el('RequestId', e.requestId) +
    `<Subject>${el('Surname', e.surname)}${el('Forenames', e.forenames)}${el('DateOfBirth', e.dateOfBirth)}${el('PassportNumber', e.passportNumber)}${aliasesXml(e.aliases, el)}</Subject>` +
    el('Reason', e.reason) +
    el('OrderRef', e.orderRef) +
    el('NotifyAuthority', e.notifyAuthority) +
    el('ValidUntil', e.validUntil) +
    `</WatchlistEntryRequest>`
  );
}

/** `<Aliases>` (passport-watchlist.md): omitted when the subject has no other names HMPO may see. */
function aliasesXml(
  aliases: WatchlistEntryRequest['aliases'],
  el: (name: string, value: string | undefined) => string,
): string {
  if (!aliases?.length) return '';
  return `<Aliases>${aliases.map((a) => `<Alias>${el('Surname', a.surname)}${el('Forenames', a.forenames)}</Alias>`).join('')}</Aliases>`;
}

/** HMPO's watchlist over HTTP: 2xx is done, 5xx/408/429/unreachable is retried, other 4xx is refused. */
export class HttpHmpoWatchlist implements HmpoWatchlist {
  constructor(private readonly baseUrl: string | undefined) {}

  get configured(): boolean {
    return !!this.baseUrl;
  }

  async lodge(entry: WatchlistEntryRequest): Promise<HmpoAnswer> {
    const res = await this.call('POST', '/watchlist/entries', watchlistEntryXml(entry));
    if (res.kind !== 'answered') return res;
    if (res.status === 201 || res.status === 200) {
      const parsed = parseUntrustedXml(res.body);
      const ref = parsed.ok
        ? ((parsed.document.WatchlistEntry as { WatchlistRef?: unknown } | undefined)?.WatchlistRef ?? null)
        : null;
      return typeof ref === 'string' && ref
        ? { kind: 'lodged', watchlistRef: ref }
        : { kind: 'retry', reason: 'HMPO answered without a WatchlistRef' };
    }
    return failure(res.status);
  }

  async withdraw(watchlistRef: string): Promise<HmpoAnswer> {
    const res = await this.call('DELETE', `/watchlist/entries/${encodeURIComponent(watchlistRef)}`);
    if (res.kind !== 'answered') return res;
    if (res.status === 204 || res.status === 200 || res.status === 404) return { kind: 'withdrawn' }; // 404: already gone
    return failure(res.status);
  }

  private async call(
    method: string,
    path: string,
    body?: string,
  ): Promise<{ kind: 'answered'; status: number; body: string } | { kind: 'retry'; reason: string }> {
    try {
      const response = await fetch(`${this.baseUrl}${path}`, {
        method,
        ...(body ? { body, headers: { 'content-type': 'application/xml' } } : {}),
        signal: AbortSignal.timeout(TIMEOUT_MS),
        redirect: 'error',
      });
      return { kind: 'answered', status: response.status, body: await response.text() };
    } catch (e) {
      return {
        kind: 'retry',
        reason: (e as Error).name === 'TimeoutError' ? 'HMPO did not answer in time' : 'HMPO could not be reached',
      };
    }
  }
}

function failure(status: number): HmpoAnswer {
  return status >= 500 || status === 408 || status === 429
    ? { kind: 'retry', reason: `HMPO answered ${status}` }
    : { kind: 'refused', reason: `HMPO refused it (${status})` };
}
