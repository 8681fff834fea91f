import canonicalize from 'canonicalize';

/**
 * Whether two facts say the same thing, whoever sent them: compared as canonical JSON (RFC 8785),
 * so key order does not matter (the record comes back from jsonb with its keys reordered), and
 * without `provenance` at any depth (the same fact re-sent in a new message is not a change).
 */
export function sameFacts(a: unknown, b: unknown): boolean {
  return canonicalize(withoutProvenance(a)) === canonicalize(withoutProvenance(b));
}

function withoutProvenance(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutProvenance);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key, v]) => key !== 'provenance' && v !== undefined)
      .map(([key, v]) => [key, withoutProvenance(v)]),
  );
}
