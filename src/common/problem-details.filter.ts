import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { STATUS_CODES } from 'node:http';
import { ProblemDetails, ProblemException } from './problem';
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
    if (exception instanceof ProblemException) {
      const { headers: _headers, ...extensions } = exception.extensions;
      return {
        type: 'about:blank',
        title: exception.title,
        status: exception.getStatus(),
        ...(exception.detail ? { detail: exception.detail } : {}),
        ...(exception.errors ? { errors: exception.errors } : {}),
        ...extensions,
      };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const body = exception.getResponse();
      const message =
        typeof body === 'object' && body && 'message' in body ? (body as { message: unknown }).message : body;
      return {
        type: 'about:blank',
        title: STATUS_CODES[status] ?? 'Error',
        status,
        detail: Array.isArray(message) ? message.join('; ') : safeDetail(String(message)),
      };
    }
    // Fastify's own errors (body too large, bad content type, malformed JSON) carry statusCode.
    const statusCode = (exception as { statusCode?: unknown })?.statusCode;
    if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
      return {
        type: 'about:blank',
        title: STATUS_CODES[statusCode] ?? 'Error',
        status: statusCode,
        detail: fastifyDetail(statusCode),
      };
    }
    if (isTransientFailure(exception)) {
      return {
        type: 'about:blank',
        title: 'Service Unavailable',
        status: 503,
        detail:
          'A service the hub depends on is briefly unavailable; retry shortly (resending an inbound message with the same Idempotency-Key is safe)',
      };
    }
    return {
      type: 'about:blank',
      title: 'Internal Server Error',
      status: 500,
      detail: 'The hub could not process the request',
    };
  }
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
