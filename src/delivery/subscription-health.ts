import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { HUB_ENVIRONMENT, type HubEnvironment } from '../../config/environment';
import { sqlRows } from '../database/sql-rows';
import { OperationalEventsRepository } from './operational-events.repository';

/** A failed attempt of a webhook delivery, as the health count needs it (no payload, no subject). */
export interface FailedAttempt {
  subscriptionId: string;
  agencyId: string;
  statusCode: number | null;
  reason: string;
}

/** How one subscription's endpoint is doing, as its agency sees it in `GET /v1/deliveries`. */
export interface SubscriptionHealthView {
  state: 'ok' | 'failing' | 'disabled';
  consecutiveFailures: number;
  failingSince: string | null;
  lastFailureAt: string | null;
  lastStatusCode: number | null;
  lastError: string | null;
}

interface HealthRow {
  state: SubscriptionHealthView['state'];
  consecutive_failures: number;
  failing_since: Date | null;
  last_failure_at: Date | null;
  last_status_code: number | null;
  last_error: string | null;
}

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

/**
 * Counts each webhook subscription's failed attempts in a row and turns the moments that matter
 * to the agency into operational events (docs/adr/0023): the count reaching
 * HUB_FAILING_AFTER_ATTEMPTS (`hub.subscription.failing`), the hub disabling the subscription
 * (`hub.subscription.disabled`), and the first success after either
 * (`hub.subscription.recovered`). Each transition and its event commit together, and the row
 * lock of the upsert makes concurrent workers raise each transition once.
 */
@Injectable()
export class SubscriptionHealth {
  private readonly logger = new Logger(SubscriptionHealth.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly events: OperationalEventsRepository,
    @Inject(HUB_ENVIRONMENT) private readonly env: HubEnvironment,
  ) {}

  async attemptFailed(f: FailedAttempt): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      const [row] = await sqlRows<HealthRow>(
        m,
        `INSERT INTO subscription_health (subscription_id, agency_id, consecutive_failures, failing_since, last_failure_at, last_status_code, last_error)
         VALUES ($1, $2, 1, now(), now(), $3, $4)
         ON CONFLICT (subscription_id) DO UPDATE SET consecutive_failures = subscription_health.consecutive_failures + 1,
                failing_since = COALESCE(subscription_health.failing_since, now()), last_failure_at = now(),
                last_status_code = $3, last_error = $4, updated_at = now()
         RETURNING *`,
        [f.subscriptionId, f.agencyId, f.statusCode, f.reason.slice(0, 500)],
      );
      if (row.state !== 'ok' || row.consecutive_failures < this.env.failingAfterAttempts) return;
      await m.query(`UPDATE subscription_health SET state = 'failing' WHERE subscription_id = $1`, [f.subscriptionId]);
      await this.events.raise(m, {
        type: 'hub.subscription.failing',
        agencyId: f.agencyId,
        subscriptionId: f.subscriptionId,
        data: {
          subscriptionId: f.subscriptionId,
          consecutiveFailures: row.consecutive_failures,
          failingSince: iso(row.failing_since),
          lastStatusCode: f.statusCode,
          lastError: row.last_error,
          retrying: true,
        },
      });
      this.logger.warn(
        `Subscription ${f.subscriptionId} of ${f.agencyId} is failing: ${row.consecutive_failures} attempts in a row`,
      );
    });
  }

  /** The hub disabled the subscription (the receiver answered 410 Gone). */
  async disabled(f: FailedAttempt): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      const changed = await sqlRows<HealthRow>(
        m,
        `INSERT INTO subscription_health (subscription_id, agency_id, state, consecutive_failures, failing_since, last_failure_at, last_status_code, last_error)
         VALUES ($1, $2, 'disabled', 1, now(), now(), $3, $4)
         ON CONFLICT (subscription_id) DO UPDATE SET state = 'disabled', consecutive_failures = subscription_health.consecutive_failures + 1,
                failing_since = COALESCE(subscription_health.failing_since, now()), last_failure_at = now(),
                last_status_code = $3, last_error = $4, updated_at = now()
          WHERE subscription_health.state <> 'disabled'
         RETURNING *`,
        [f.subscriptionId, f.agencyId, f.statusCode, f.reason.slice(0, 500)],
      );
      if (!changed.length) return;
      await this.events.raise(m, {
        type: 'hub.subscription.disabled',
        agencyId: f.agencyId,
        subscriptionId: f.subscriptionId,
        data: {
          subscriptionId: f.subscriptionId,
          reason: f.reason.slice(0, 500),
          lastStatusCode: f.statusCode,
          failingSince: iso(changed[0].failing_since),
        },
      });
    });
  }

  /**
   * Delivered: the count starts again. Called in the success batch's transaction; a healthy
   * subscription has no row to change, so the usual success costs one indexed read.
   */
  async succeeded(m: EntityManager, subscriptionIds: string[]): Promise<void> {
    if (!subscriptionIds.length) return;
    const recovered = await sqlRows<{
      subscription_id: string;
      agency_id: string;
      was: string;
      failures: number;
      failing_since: Date | null;
    }>(
      m,
      `WITH before AS (
         SELECT subscription_id, state, consecutive_failures, failing_since FROM subscription_health
          WHERE subscription_id = ANY($1::uuid[]) AND (consecutive_failures > 0 OR state <> 'ok')
          ORDER BY subscription_id FOR UPDATE)
       UPDATE subscription_health h SET state = 'ok', consecutive_failures = 0, failing_since = NULL, updated_at = now()
         FROM before WHERE h.subscription_id = before.subscription_id
       RETURNING h.subscription_id, h.agency_id, before.state AS was, before.consecutive_failures AS failures, before.failing_since`,
      [[...new Set(subscriptionIds)]],
    );
    for (const r of recovered.filter((x) => x.was !== 'ok')) {
      await this.events.raise(m, {
        type: 'hub.subscription.recovered',
        agencyId: r.agency_id,
        subscriptionId: r.subscription_id,
        data: { subscriptionId: r.subscription_id, failedAttempts: r.failures, failingSince: iso(r.failing_since) },
      });
    }
  }

  async of(subscriptionId: string): Promise<SubscriptionHealthView> {
    const [r] = await sqlRows<HealthRow>(
      this.dataSource.manager,
      `SELECT * FROM subscription_health WHERE subscription_id = $1`,
      [subscriptionId],
    );
    return r
      ? {
          state: r.state,
          consecutiveFailures: r.consecutive_failures,
          failingSince: iso(r.failing_since),
          lastFailureAt: iso(r.last_failure_at),
          lastStatusCode: r.last_status_code,
          lastError: r.last_error,
        }
      : {
          state: 'ok',
          consecutiveFailures: 0,
          failingSince: null,
          lastFailureAt: null,
          lastStatusCode: null,
          lastError: null,
        };
  }
}
