/** How a payload projected today differs from the one projected before, by field path (no values). */
export interface PayloadChanges {
  /** Present before, absent now: today's agreements withhold them. */
  withheld: string[];
  /** Absent before, present now. */
  added: string[];
  /** Present in both with a different value (the record changed, or items were filtered differently). */
  changed: string[];
}

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * Walks both payloads down through objects and reports the shallowest path where they part:
 * `subject.address` withheld, not each of its lines. Arrays are compared whole.
 */
export function payloadChanges(before: Json, after: Json, prefix = ''): PayloadChanges {
  const out: PayloadChanges = { withheld: [], added: [], changed: [] };
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const path = prefix ? `${prefix}.${key}` : key;
    const [b, a] = [before[key], after[key]];
    if (b === undefined) out.added.push(path);
    else if (a === undefined) out.withheld.push(path);
    else if (isObject(b) && isObject(a)) {
      const inner = payloadChanges(b, a, path);
      out.withheld.push(...inner.withheld);
      out.added.push(...inner.added);
      out.changed.push(...inner.changed);
    } else if (JSON.stringify(b) !== JSON.stringify(a)) out.changed.push(path);
  }
  return { withheld: out.withheld.sort(), added: out.added.sort(), changed: out.changed.sort() };
}
