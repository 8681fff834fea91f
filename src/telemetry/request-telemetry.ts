import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isDryRunQuery } from '../common/dry-run';
import { REQUEST_ID_HEADER } from '../common/request-id';
import { HubTelemetry } from './hub-telemetry';

/** Read routes counted as reads (RED), by the resource they read. */
const READ_ROUTES: { method: string; prefix: string; resource: string }[] = [
  { method: 'GET', prefix: '/v1/subjects', resource: 'subjects' },
  { method: 'GET', prefix: '/v1/feed', resource: 'feed' },
  { method: 'POST', prefix: '/v1/checks', resource: 'checks' },
];

const INBOUND_ROUTE = '/v1/inbound/:source';
/** Source names are the adapters' own (`court-outcomes`); anything else is one label, so labels stay bounded. */
const SOURCE_LABEL = /^[a-z][a-z0-9-]{0,39}$/;

function inboundOutcome(request: FastifyRequest, reply: FastifyReply): string {
  const status = reply.statusCode;
  if (status >= 500) return 'failed';
  if (status === 401 || status === 403) return 'unauthorised';
  // A rehearsal took nothing in: counted apart, so accepted and rejected still count what was kept.
  if (isDryRunQuery(request.query)) return 'dry_run';
  if (status >= 400) return 'rejected';
  return reply.getHeader('idempotency-replayed') === 'true' ? 'replayed' : 'accepted';
}

const readOutcome = (status: number) => (status >= 500 ? 'failed' : status >= 400 ? 'refused' : 'ok');

/**
 * Counts and times every HTTP request at Fastify's edge (so no controller needs to), and echoes
 * the request id to the caller. Labels use the route pattern, never the raw URL, so an attacker
 * cannot mint new series by probing paths.
 */
@Injectable()
export class RequestTelemetry implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly telemetry: HubTelemetry,
  ) {}

  onModuleInit(): void {
    const adapter = this.adapterHost.httpAdapter;
    if (!adapter) return; // a worker process: no HTTP API (its probe server counts nothing)
    const fastify = adapter.getInstance<FastifyInstance>();
    fastify.addHook('onSend', async (request, reply, payload) => {
      reply.header(REQUEST_ID_HEADER, request.id);
      return payload;
    });
    fastify.addHook('onResponse', async (request, reply) => this.record(request, reply));
  }

  private record(request: FastifyRequest, reply: FastifyReply): void {
    const route = request.routeOptions.url ?? 'unmatched';
    const seconds = reply.elapsedTime / 1000;
    const method = request.method;
    this.telemetry.httpRequests.inc({ method, route, status: String(reply.statusCode) });
    this.telemetry.httpDuration.observe({ method, route }, seconds);
    if (method === 'POST' && route === INBOUND_ROUTE) {
      const given = (request.params as { source?: string }).source ?? '';
      const source = SOURCE_LABEL.test(given) && reply.statusCode !== 404 ? given : 'unknown';
      this.telemetry.inboundMessages.inc({ source, outcome: inboundOutcome(request, reply) });
      this.telemetry.inboundDuration.observe({ source }, seconds);
      return;
    }
    const read = READ_ROUTES.find((r) => r.method === method && route.startsWith(r.prefix));
    if (read) {
      this.telemetry.reads.inc({ resource: read.resource, outcome: readOutcome(reply.statusCode) });
      this.telemetry.readDuration.observe({ resource: read.resource }, seconds);
    }
  }
}
