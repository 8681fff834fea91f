import type { ValidationError } from 'class-validator';
import { FieldError, RequestValidationException } from './problem';

/**
 * Flattens class-validator's error tree into dotted paths with `[i]` for array items, one
 * entry per field (its failed constraints joined), so a caller sees each bad field once.
 */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((e) => {
    const path = !parent
      ? e.property
      : /^\d+$/.test(e.property)
        ? `${parent}[${e.property}]`
        : `${parent}.${e.property}`;
    const messages = Object.values(e.constraints ?? {}).map((message) => stripPropertyName(message, e.property));
    const own = messages.length ? [{ path, message: messages.join('; ') }] : [];
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
