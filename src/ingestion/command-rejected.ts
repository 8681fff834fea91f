import type { FieldError } from '../common/problem';

/** A well-formed message that conflicts with what the hub holds (e.g. an order of another person). */
export class CommandRejected extends Error {
  constructor(readonly errors: FieldError[]) {
    super('command rejected');
  }
}
