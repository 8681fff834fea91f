import type { ProvenanceKind } from '../canonical/provenance';
import type { Agreement } from './agreement';

/**
 * Keeps only the fields some agreement allows. A value survives under a path when at least one
 * agreement covering that path (listing it or an ancestor) does not exclude the value's
 * provenance; nothing outside the union of allowed paths is ever copied.
 */
export function projectForAgreements(data: Record<string, unknown>, agreements: Agreement[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const paths = [...new Set(agreements.flatMap((a) => a.fields))];
  // A path under another allowed path adds nothing; project the broadest ones.
  const broadest = paths.filter((p) => !paths.some((q) => q !== p && p.startsWith(`${q}.`)));
  for (const path of broadest) {
    const covering = agreements.filter((a) => a.fields.some((f) => f === path || path.startsWith(`${f}.`)));
    // A value is withheld only if every covering agreement excludes its provenance.
    const withheld = covering
      .map((a) => new Set(a.excludeProvenance))
      .reduce<Set<ProvenanceKind> | null>(
        (acc, s) => (acc === null ? s : new Set([...acc].filter((k) => s.has(k)))),
        null,
      );
    const value = getPath(data, path);
    if (value === undefined) continue;
    const kept = withoutProvenance(value, withheld ?? new Set());
    if (kept !== undefined) setPath(out, path, kept);
  }
  return out;
}

function getPath(data: Record<string, unknown>, path: string): unknown {
  let current: unknown = data;
  for (const part of path.split('.')) {
    if (current === null || typeof current !== 'object' || Array.isArray(current)) return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  let current = target;
  for (const part of parts.slice(0, -1)) {
    current[part] = (current[part] as Record<string, unknown>) ?? {};
    current = current[part] as Record<string, unknown>;
  }
  current[parts[parts.length - 1]] = structuredClone(value);
}

/** Drops every fact (object with a `provenance.kind`) collected through a withheld channel. */
function withoutProvenance(value: unknown, withheld: Set<ProvenanceKind>): unknown {
  if (withheld.size === 0 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    return value.map((v) => withoutProvenance(v, withheld)).filter((v) => v !== undefined);
  }
  const kind = (value as { provenance?: { kind?: ProvenanceKind } }).provenance?.kind;
  if (kind && withheld.has(kind)) return undefined;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    const kept = withoutProvenance(v, withheld);
    if (kept !== undefined) out[k] = kept;
  }
  return out;
}
