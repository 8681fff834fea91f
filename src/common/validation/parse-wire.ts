import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import type { FieldError } from '../problem';
import { flattenValidationErrors } from '../validation-errors';

/** A source message read into its DTO, or every field that is wrong with it. */
export type WireResult<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

/** Rules that span fields (a body field the message type needs, dates in order); run after the field checks. */
export type CrossFieldRules<T> = (value: T) => FieldError[];

/**
 * Reads an inbound body into its class-validator DTO: unknown properties refused, every bad
 * field named once, then the cross-field rules, so that one reply names everything wrong.
 *
 * A cross-field error at or under a path already named is dropped (the field itself is at
 * fault, the rule would only add noise), and so are all of them when the rules trip over a
 * malformed field (a string where an array should be) that the field checks have named.
 */
export function parseWire<T extends object>(
  dto: new () => T,
  body: unknown,
  crossFieldRules?: CrossFieldRules<T>,
): WireResult<T> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    return { ok: false, errors: [{ path: '', message: 'the body must be a JSON object' }] };
  }
  const value = plainToInstance(dto, body);
  const fieldErrors = flattenValidationErrors(
    validateSync(value, {
      whitelist: true,
      forbidNonWhitelisted: true,
      validationError: { target: false, value: false },
    }),
  );
  const errors = [...fieldErrors, ...crossFieldErrorsBeside(value, fieldErrors, crossFieldRules)];
  return errors.length ? { ok: false, errors } : { ok: true, value };
}

function crossFieldErrorsBeside<T>(
  value: T,
  fieldErrors: FieldError[],
  rules: CrossFieldRules<T> | undefined,
): FieldError[] {
  if (!rules) return [];
  let extra: FieldError[];
  try {
    extra = rules(value);
  } catch (e) {
    // Rules may assume well-formed fields; with none named, a throw is a bug in the rules.
    if (fieldErrors.length === 0) throw e;
    return [];
  }
  const named = fieldErrors.map((f) => f.path);
  const seen = new Set<string>();
  return extra.filter((e) => {
    const key = `${e.path}\u0000${e.message}`;
    if (seen.has(key) || named.some((p) => isAtOrUnder(e.path, p))) return false;
    seen.add(key);
    return true;
  });
}

function isAtOrUnder(path: string, parent: string): boolean {
  return path === parent || path.startsWith(`${parent}.`) || path.startsWith(`${parent}[`);
}
