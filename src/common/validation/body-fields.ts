import type { FieldError } from '../problem';

/**
 * Cross-field rules of formats whose message type says which body field it carries (probation,
 * prison, pnc): that field is required, the type's other body fields are refused. A type the
 * table does not know is named by the field checks; nothing is added here.
 */
export function bodyFieldErrors<Type extends string>(
  message: object,
  type: Type,
  bodyFieldByType: Readonly<Record<Type, string | null>>,
): FieldError[] {
  if (!Object.hasOwn(bodyFieldByType, type)) return [];
  const expected = bodyFieldByType[type];
  const fields = message as Record<string, unknown>;
  const errors: FieldError[] = [];
  if (expected !== null && fields[expected] === undefined)
    errors.push({ path: expected, message: `is required for ${type}` });
  for (const field of new Set(Object.values<string | null>(bodyFieldByType))) {
    if (field !== null && field !== expected && fields[field] !== undefined)
      errors.push({ path: field, message: `is not allowed for ${type}` });
  }
  return errors;
}

/** Within one body object at `path`: the fields this type needs, and those it refuses (another type's). */
export function fieldsForTypeErrors(
  body: object,
  path: string,
  type: string,
  needed: readonly string[],
  refused: readonly string[],
): FieldError[] {
  const fields = body as Record<string, unknown>;
  return [
    ...needed
      .filter((f) => fields[f] === undefined)
      .map((f) => ({ path: `${path}.${f}`, message: `is required for ${type}` })),
    ...refused
      .filter((f) => fields[f] !== undefined)
      .map((f) => ({ path: `${path}.${f}`, message: `is not allowed for ${type}` })),
  ];
}
