import { HttpException } from '@nestjs/common';

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
 * An HTTP error carrying a problem document. `detail` must never echo personal data: it is
 * returned to callers and logged.
 */
export class ProblemException extends HttpException {
  constructor(
    status: number,
    readonly title: string,
    readonly detail?: string,
    readonly errors?: FieldError[],
    readonly extensions: Record<string, unknown> = {},
  ) {
    super({ title, detail }, status);
  }
}

export class RequestValidationException extends ProblemException {
  constructor(errors: FieldError[]) {
    super(422, 'Unprocessable Content', `${errors.length} field(s) failed validation`, errors);
  }
}
