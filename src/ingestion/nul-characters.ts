import type { FieldError } from '../common/problem';

/**
 * Fields of a parsed JSON body holding U+0000 (sent as \u0000). No agency format has a use
 * for it and PostgreSQL cannot store it in text or jsonb, so each is named and refused (422)
 * rather than failing deep in the transaction. Paths as api.md: dotted, [i] for array items.
 */
export function nulCharacterErrors(value: unknown, path = ''): FieldError[] {
  if (typeof value === 'string')
    return value.includes('\0') ? [{ path, message: 'must not contain the NUL character (U+0000)' }] : [];
  if (Array.isArray(value)) return value.flatMap((item, i) => nulCharacterErrors(item, `${path}[${i}]`));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, item]) => {
    // A NUL in a property name cannot go into a path either: name the object holding it.
    if (key.includes('\0')) return [{ path, message: 'has a property name containing the NUL character (U+0000)' }];
    return nulCharacterErrors(item, path ? `${path}.${key}` : key);
  });
}
