import type { ValidationError } from 'class-validator';
import { FieldError, RequestValidationException } from './problem';

/** Flattens class-validator's error tree into dotted paths with `[i]` for array items. */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((e) => {
    const path = !parent ? e.property : /^\d+$/.test(e.property) ? `${parent}[${e.property}]` : `${parent}.${e.property}`;
    const own = Object.values(e.constraints ?? {}).map((message) => ({ path, message: stripPropertyName(message, e.property) }));
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
