import { IsIn, type ValidationOptions } from 'class-validator';

/** The message every closed list gives, naming what it allows. */
export const oneOfMessage = (values: readonly (string | number)[]) => `must be one of ${values.join(', ')}`;

/** One of a closed vocabulary (an `as const` list), naming the allowed values when it is not. */
export const IsOneOf = (values: readonly (string | number)[], options?: ValidationOptions) =>
  IsIn(values as unknown[], { message: oneOfMessage(values), ...options });
