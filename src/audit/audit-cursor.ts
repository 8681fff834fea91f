/**
 * The query API's page cursor: opaque to callers, the id of the last row shown inside. Rows
 * are paged by id (newest first), so a cursor stays valid however many rows arrive meanwhile.
 */
export function encodeAuditCursor(lastId: string): string {
  return Buffer.from(`a1:${lastId}`).toString('base64url');
}

/** The id the next page starts below, or null when `cursor` is not one this API issued. */
export function decodeAuditCursor(cursor: string): string | null {
  if (!/^[A-Za-z0-9_-]{1,40}$/.test(cursor)) return null;
  const m = /^a1:([1-9]\d{0,18})$/.exec(Buffer.from(cursor, 'base64url').toString());
  // Ids are Postgres bigints: a larger number would make the query fail (500), not page.
  return m && BigInt(m[1]) <= 9_223_372_036_854_775_807n ? m[1] : null;
}
