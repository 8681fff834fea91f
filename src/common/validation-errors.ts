import type { ValidationError } from 'class-validator';
import { FieldError, RequestValidationException } from './problem';

/**
 * Flattens class-validator's error tree into dotted paths with `[i]` for array items: one
 * `{ path, message }` per failed constraint, so a client can show or match each message on its
 * own (a field failing two rules appears twice, with the same path).
 */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((e) => {
    const path = !parent
      ? e.property
      : /^\d+$/.test(e.property)
        ? `${parent}[${e.property}]`
        : `${parent}.${e.property}`;
    const messages = Object.values(e.constraints ?? {}).map((message) => stripPropertyName(message, e.property));
    const own = messages.map((message) => ({ path, message }));
    return [...own, ...flattenValidationErrors(e.children ?? [], path)];
  });
}

/** class-validator prefixes messages with the property name; the path already says it. */
function stripPropertyName(message: string, property: string): string {
  if (message === `property ${property} should not exist`) return 'is not allowed';
  return message.startsWith(`${property} `) ? message.slice(property.length + 1) : message;
}

export const validationExceptionFactory = (errors: ValidationError[]) =>
  new RequestValidationException(flattenValidationErrors(errors));
