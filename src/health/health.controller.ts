import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { Public } from '../auth/auth.decorators';
import { AgencyRegistry } from '../auth/agency-registry';
import { deliveryQueueName, QueueFactory } from '../delivery/queue-factory';

/** Liveness and readiness: Postgres and Redis must answer; queue depths are reported for operators. */
@ApiTags('service')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    private readonly queues: QueueFactory,
    private readonly agencies: AgencyRegistry,
  ) {}

  @Public()
  @Get()
  @HealthCheck()
  check() {
    return this.health.check([() => this.db.pingCheck('database', { timeout: 2000 }), () => this.redis()]);
  }

  /** A queue count is a cheap Redis round-trip (bullmq 6 exposes no ping); with each agency's backlog. */
  private async redis() {
    const indicator = this.indicators.check('redis');
    try {
      const queues: Record<string, { waiting: number; oldestWaitingSeconds: number | null }> = {};
      await Promise.race([
        (async () => {
          for (const agency of this.agencies.all()) {
            const queue = this.queues.queue(deliveryQueueName(agency.id));
            const [waiting] = await Promise.all([queue.getWaitingCount()]);
            const [oldest] = await queue.getWaiting(0, 0);
            queues[agency.id] = { waiting, oldestWaitingSeconds: oldest ? Math.round((Date.now() - oldest.timestamp) / 1000) : null };
          }
        })(),
        new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 2000)),
      ]);
      return indicator.up({ queues });
    } catch (e) {
      return indicator.down({ message: (e as Error).message });
    }
  }
}
