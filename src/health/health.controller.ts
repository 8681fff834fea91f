import { Controller, Get, Headers, Res } from '@nestjs/common';
import { ApiOperation, ApiTags, ApiResponse } from '@nestjs/swagger';
import {
  HealthCheckService,
  HealthIndicatorService,
  TypeOrmHealthIndicator,
  type HealthCheckResult,
} from '@nestjs/terminus';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/auth.decorators';
import { TokenVerifier } from '../auth/token-verifier';
import { ProblemException } from '../common/problem';
import { QueueStats, type JobCounts } from '../delivery/queue-stats';
import { UpstreamStats } from '../upstreams/upstream-stats';
import { Readiness } from './readiness';
import { anyObject, objectOf, text } from '../common/openapi/named-schemas';

/**
 * Probes and the operators' health page. `/health/live` says only that the process answers (a
 * liveness probe that followed Redis would restart every pod on a Redis blip); `/health/ready`
 * takes the pod out of the Service while Postgres, Redis or the migrations are not there.
 * `/health` is public but says only up or down: the backlog per agency, the upstreams and the
 * errors are for `admin` callers, who see each agency's queue depth and oldest waiting age and
 * the PNC and HMPO services' standing, none of which fail the check.
 */
@ApiTags('service')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    private readonly stats: QueueStats,
    private readonly upstreams: UpstreamStats,
    private readonly readiness: Readiness,
    private readonly tokens: TokenVerifier,
  ) {}

  @Public()
  @Get('live')
  @ApiOperation({ summary: 'Liveness: the process answers. Never depends on Postgres or Redis.' })
  @ApiResponse({
    status: 200,
    description: 'OK',
    schema: objectOf('', { status: text(undefined, { enum: ['up'] }) }, ['status']),
  })
  live() {
    return { status: 'up' };
  }

  @Public()
  @Get('ready')
  @ApiOperation({ summary: 'Readiness: Postgres and Redis answer and every migration is applied (503 otherwise)' })
  @ApiResponse({
    status: 200,
    description: 'OK',
    schema: objectOf('', { status: text(undefined, { enum: ['up', 'down'] }), checks: anyObject('Each dependency') }, [
      'status',
    ]),
  })
  async ready(@Res({ passthrough: true }) reply: FastifyReply) {
    const report = await this.readiness.check();
    reply.status(report.ready ? 200 : 503);
    const checks = Object.fromEntries(Object.entries(report.checks).map(([name, s]) => [name, s.up ? 'up' : 'down']));
    return { status: report.ready ? 'up' : 'down', checks };
  }

  @Public()
  @Get()
  @ApiOperation({ summary: 'Up or down for anyone; with an admin token, the detail (queues, upstreams, errors)' })
  @ApiResponse({
    status: 200,
    description: 'OK',
    schema: objectOf('Up or down; with an admin token, the detail', { status: text() }, ['status']),
  })
  async check(
    @Headers('authorization') authorization: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    if (authorization !== undefined) {
      const caller = await this.tokens.verify(authorization);
      if (!caller.scopes.includes('admin'))
        throw new ProblemException('SCOPE_REQUIRED', 'The health detail needs the scope admin');
      const detail = await this.detail();
      reply.status(detail.status === 'ok' ? 200 : 503);
      return detail;
    }
    const report = await this.readiness.check();
    reply.status(report.ready ? 200 : 503);
    return { status: report.ready ? 'up' : 'down' };
  }

  /** Terminus' report; a failing check becomes its 503 body instead of an exception. */
  private async detail(): Promise<HealthCheckResult> {
    const jobs = this.stats.redisJobs().catch((e: Error) => e);
    try {
      return await this.health.check([
        () => this.db.pingCheck('database', { timeout: 2000 }),
        () => this.redis(jobs),
        () => this.queues(jobs),
        () => this.upstreamServices(),
      ]);
    } catch (e) {
      const body = (e as { getResponse?: () => unknown }).getResponse?.();
      if (body && typeof body === 'object' && 'status' in body) return body as HealthCheckResult;
      throw e;
    }
  }

  private async redis(jobs: Promise<JobCounts | Error>) {
    const indicator = this.indicators.check('redis');
    const answer = await jobs;
    return answer instanceof Error ? indicator.down({ message: answer.message }) : indicator.up();
  }

  private async queues(jobs: Promise<JobCounts | Error>) {
    const indicator = this.indicators.check('queues');
    try {
      const { agencies, outbox } = await this.stats.snapshot(jobs);
      return indicator.up({ agencies, outbox });
    } catch {
      return indicator.up({ message: 'backlog unknown while Postgres does not answer' });
    }
  }

  /** PNC and HMPO, reported but never failing the check: checks degrade and watchlist requests wait without them. */
  private async upstreamServices() {
    const indicator = this.indicators.check('upstreams');
    try {
      const { pnc, hmpo } = await this.upstreams.standing();
      return indicator.up({ pnc, hmpo });
    } catch {
      return indicator.up({ message: 'upstream standing unknown while Postgres does not answer' });
    }
  }
}
