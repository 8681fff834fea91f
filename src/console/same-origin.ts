/**
 * Whether a state-changing request came from the hub's own pages. Browsers send `Origin` on
 * every POST; when it is absent, `Sec-Fetch-Site: same-origin` must say so instead. A request
 * carrying neither is refused: an old or odd client is a cost worth paying here.
 */
export function fromOwnOrigin(headers: Record<string, string | string[] | undefined>, ownOrigin: string): boolean {
  const origin = headers.origin;
  if (typeof origin === 'string') return origin === ownOrigin;
  return headers['sec-fetch-site'] === 'same-origin';
}
