import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { STATUS_CODES } from 'node:http';
import { ProblemDetails, ProblemException } from './problem';
import type { ProblemCode } from './problem-catalogue';
import { isTransientFailure } from './transient-failure';

/** Renders every error as application/problem+json; nothing internal (stack, SQL) leaves. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger(ProblemDetailsFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const reply = ctx.getResponse<FastifyReply>();
    const request = ctx.getRequest<FastifyRequest>();
    const problem = this.toProblem(exception);
    problem.instance = request?.url?.split('?')[0];
    if (problem.status >= 500) this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    const headers =
      exception instanceof ProblemException
        ? exception.extensions.headers
        : isTransientFailure(exception)
          ? { 'retry-after': '1' }
          : undefined;
    if (headers && typeof headers === 'object') {
      for (const [k, v] of Object.entries(headers)) reply.header(k, String(v));
    }
    reply.status(problem.status).header('content-type', 'application/problem+json').send(JSON.stringify(problem));
  }

  private toProblem(exception: unknown): ProblemDetails {
    if (exception instanceof ProblemException) return exception.document();
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const body = exception.getResponse();
      const message =
        typeof body === 'object' && body && 'message' in body ? (body as { message: unknown }).message : body;
      return byStatus(status, Array.isArray(message) ? message.join('; ') : safeDetail(String(message)));
    }
    // Fastify's own errors (body too large, bad content type, malformed JSON) carry statusCode.
    const statusCode = (exception as { statusCode?: unknown })?.statusCode;
    if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
      // Fastify answers 400 itself only when it cannot parse the body.
      if (statusCode === 400) return new ProblemException('BODY_NOT_WELL_FORMED', fastifyDetail(400)).document();
      return byStatus(statusCode, fastifyDetail(statusCode));
    }
    if (isTransientFailure(exception)) {
      return new ProblemException(
        'SERVICE_UNAVAILABLE',
        'A service the hub depends on is briefly unavailable; retry shortly (resending an inbound message with the same Idempotency-Key is safe)',
      ).document();
    }
    return new ProblemException('INTERNAL_ERROR', 'The hub could not process the request').document();
  }
}

/** The framework's and Fastify's errors with a page of their own; any other status means no more than itself. */
const CODE_BY_STATUS: Partial<Record<number, ProblemCode>> = {
  404: 'ROUTE_NOT_FOUND',
  413: 'BODY_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
};

function byStatus(status: number, detail: string): ProblemDetails {
  const code = CODE_BY_STATUS[status];
  if (code) return new ProblemException(code, detail).document();
  return { type: 'about:blank', title: STATUS_CODES[status] ?? 'Error', status, detail };
}

function fastifyDetail(status: number): string {
  if (status === 413) return 'The request body is larger than 1 MiB';
  if (status === 415) return 'Unsupported content type';
  return 'The request could not be read';
}

/** Framework messages are generic; cap their length so nothing unexpected is echoed at length. */
function safeDetail(message: string): string {
  return message.length > 200 ? `${message.slice(0, 200)}…` : message;
}
