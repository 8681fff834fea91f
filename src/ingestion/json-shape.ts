import type { FieldError } from '../common/problem';

/**
 * Twice the most items any agency format allows in one array (250 country codes): validating
 * each item of a longer one costs more than linear time (30 000 empty offences took minutes).
 */
export const MAX_ARRAY_ITEMS = 500;

/** Names JavaScript gives meaning to; class-transformer passes them by the whitelist unseen. */
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * What is wrong with the shape of a parsed JSON body before it is validated field by field:
 * arrays too long to validate, and prototype keys, which the validator would silently accept.
 * Paths as api.md. The body's depth is already bounded (nesting-depth.ts), so recursion is safe.
 */
export function jsonShapeErrors(value: unknown, path = ''): FieldError[] {
  if (Array.isArray(value)) {
    if (value.length > MAX_ARRAY_ITEMS) return [{ path, message: `must have at most ${MAX_ARRAY_ITEMS} items` }];
    return value.flatMap((item, i) => jsonShapeErrors(item, `${path}[${i}]`));
  }
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, item]) => {
    const at = path ? `${path}.${key}` : key;
    return PROTOTYPE_KEYS.has(key) ? [{ path: at, message: 'is not allowed' }] : jsonShapeErrors(item, at);
  });
}
