import { HttpException } from '@nestjs/common';
import { PROBLEM_CATALOGUE, problemType, type ProblemCode } from './problem-catalogue';

/** One offending field of a request, named by its dotted path (`offences[0].finding`). */
export interface FieldError {
  path: string;
  message: string;
}

/** RFC 9457 problem details as the hub renders them. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

/**
 * An HTTP error carrying a problem document, thrown by its code in the catalogue (which gives
 * its status, title and `type`). `detail` must never echo personal data: it is returned to
 * callers and logged.
 */
export class ProblemException extends HttpException {
  readonly title: string;

  constructor(
    readonly code: ProblemCode,
    readonly detail?: string,
    readonly errors?: FieldError[],
    readonly extensions: Record<string, unknown> = {},
  ) {
    const { status, title } = PROBLEM_CATALOGUE[code];
    super({ title, detail }, status);
    this.title = title;
  }

  /** The problem+json document it answers with (headers in `extensions` are sent as headers, not here). */
  document(): ProblemDetails {
    const { headers: _headers, ...extensions } = this.extensions;
    return {
      type: problemType(this.code),
      title: this.title,
      status: this.getStatus(),
      ...(this.detail ? { detail: this.detail } : {}),
      ...(this.errors ? { errors: this.errors } : {}),
      ...extensions,
    };
  }
}

export class RequestValidationException extends ProblemException {
  constructor(errors: FieldError[]) {
    super('VALIDATION_FAILED', `${errors.length} field(s) failed validation`, errors);
  }
}
