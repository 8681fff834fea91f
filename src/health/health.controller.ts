import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { Public } from '../auth/auth.decorators';
import { QueueStats, type JobCounts } from '../delivery/queue-stats';
import { UpstreamStats } from '../upstreams/upstream-stats';

/**
 * Liveness and readiness: Postgres and Redis must answer. Each agency's backlog (queue depth,
 * oldest waiting age) and the PNC and HMPO services' standing are reported for operators but
 * never fail the check: one agency being down for a weekend is not the hub being unhealthy.
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
  ) {}

  @Public()
  @Get()
  @HealthCheck()
  check() {
    const jobs = this.stats.redisJobs().catch((e: Error) => e);
    return this.health.check([() => this.db.pingCheck('database', { timeout: 2000 }), () => this.redis(jobs), () => this.queues(jobs), () => this.upstreamServices()]);
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
