/** What stands in the kept message where the victim section was. */
export const KEPT_APART = '(victim section kept apart)';
const FIELD = 'victimSection';

/**
 * `body` is the parsed JSON (null when it could not be read). The MAPPA message to keep as the message (mappa.md: victim sections never leave the hub),
 * or null when it names no victim section. Every `victimSection` key at any depth is replaced,
 * and a body that cannot be read but mentions one is not kept at all: operators may reveal a
 * quarantined message, so nothing of a victim section may be in it. The message as sent is
 * kept apart by ingestion.
 */
export function withholdVictimSection(body: unknown, raw: Buffer): Buffer | null {
  const mentions = raw.includes(FIELD) || hasField(body);
  if (!mentions) return null;
  if (body === null || typeof body !== 'object')
    return Buffer.from(
      JSON.stringify({ unreadable: '(a message that could not be read and named a victim section: kept apart)' }),
    );
  return Buffer.from(JSON.stringify(replaced(body)));
}

function hasField(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.some(hasField);
  return Object.entries(value).some(([k, v]) => k === FIELD || hasField(v));
}

function replaced(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(replaced);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value))
    Object.defineProperty(out, k, {
      value: k === FIELD ? KEPT_APART : replaced(v),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  return out;
}
