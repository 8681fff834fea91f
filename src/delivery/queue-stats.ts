import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AgencyRegistry } from '../auth/agency-registry';
import { deliveryQueueName, QueueFactory } from '../queues/queue-factory';

/** One agency's delivery backlog: BullMQ's view (jobs) beside Postgres' (the truth). */
export interface AgencyBacklog {
  /** Jobs in the agency's queue not yet finished: waiting, active and delayed (retries); null while Redis is away. */
  depth: number | null;
  jobs: { waiting: number; active: number; delayed: number; failed: number } | null;
  /** Open deliveries in Postgres: never tried yet, and failed ones waiting for their retry. */
  open: { pending: number; retrying: number };
  /** How long the delivery that has been due longest has waited to go (0 when none is due). */
  oldestWaitingSeconds: number;
  dead: number;
}

export interface BacklogSnapshot {
  agencies: Record<string, AgencyBacklog>;
  outbox: { unrouted: number; oldestUnroutedSeconds: number };
  /** Set when Redis did not answer (the counts from Postgres are still there). */
  redisError?: string;
}

const REDIS_TIMEOUT_MS = 2000;

export type JobCounts = Map<string, NonNullable<AgencyBacklog['jobs']>>;

/**
 * Per-agency queue depth and oldest waiting age, for /health and /metrics. The waiting age comes
 * from Postgres so it stays true when Redis has lost its jobs: a pending delivery is due since it
 * was created (or reopened), a failed one since its retry time.
 */
@Injectable()
export class QueueStats {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly queues: QueueFactory,
    private readonly agencies: AgencyRegistry,
  ) {}

  /** `jobs`: Redis' counts when the caller already has them (or the error it got asking). */
  async snapshot(jobs?: Promise<JobCounts | Error>): Promise<BacklogSnapshot> {
    const [redis, backlog, [outbox]] = await Promise.all([
      jobs ?? this.redisJobs().catch((e: Error) => e),
      this.dataSource.query(
        `SELECT agency_id,
                count(*) FILTER (WHERE status = 'pending') AS pending,
                count(*) FILTER (WHERE status = 'failed') AS retrying,
                count(*) FILTER (WHERE status = 'dead') AS dead,
                COALESCE(EXTRACT(EPOCH FROM now() - min(CASE WHEN status = 'pending' THEN updated_at
                                                             WHEN status = 'failed' AND next_attempt_at <= now() THEN next_attempt_at END)), 0) AS oldest
           FROM deliveries WHERE status IN ('pending', 'failed', 'dead') GROUP BY agency_id`,
      ) as Promise<Record<string, string>[]>,
      this.dataSource.query(
        `SELECT count(*) AS unrouted, COALESCE(EXTRACT(EPOCH FROM now() - min(created_at)), 0) AS oldest FROM outbox WHERE routed_at IS NULL`,
      ) as Promise<Record<string, string>[]>,
    ]);
    const byAgency = new Map(backlog.map((r) => [r.agency_id, r]));
    const agencies: Record<string, AgencyBacklog> = {};
    for (const agency of this.agencies.all()) {
      const row = byAgency.get(agency.id);
      const jobs = redis instanceof Error ? null : redis.get(agency.id)!;
      agencies[agency.id] = {
        depth: jobs ? jobs.waiting + jobs.active + jobs.delayed : null,
        jobs,
        open: { pending: Number(row?.pending ?? 0), retrying: Number(row?.retrying ?? 0) },
        oldestWaitingSeconds: Math.round(Number(row?.oldest ?? 0) * 10) / 10,
        dead: Number(row?.dead ?? 0),
      };
    }
    return {
      agencies,
      outbox: { unrouted: Number(outbox.unrouted), oldestUnroutedSeconds: Math.round(Number(outbox.oldest) * 10) / 10 },
      ...(redis instanceof Error ? { redisError: redis.message } : {}),
    };
  }

  /** Each agency queue's job counts; a cheap round-trip that also tells whether Redis answers. */
  async redisJobs(): Promise<JobCounts> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('Redis did not answer in time')), REDIS_TIMEOUT_MS);
    });
    try {
      const counts = await Promise.race([
        Promise.all(
          this.agencies.all().map(async (a) => {
            const c = await this.queues
              .queue(deliveryQueueName(a.id))
              .getJobCounts('wait', 'prioritized', 'active', 'delayed', 'failed');
            return [
              a.id,
              {
                waiting: (c.wait ?? 0) + (c.prioritized ?? 0),
                active: c.active ?? 0,
                delayed: c.delayed ?? 0,
                failed: c.failed ?? 0,
              },
            ] as const;
          }),
        ),
        timeout,
      ]);
      return new Map(counts);
    } finally {
      clearTimeout(timer);
    }
  }
}
