import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { HUB_ENVIRONMENT, type HubEnvironment } from '../../config/environment';
import { WatchlistEntries } from '../watchlist/watchlist-entries';

export interface PncStanding {
  configured: boolean;
  /** Checks in the last hour, and how many of them the PNC did not answer (degraded). */
  checksLastHour: number;
  degradedLastHour: number;
  lastDegradedAt: string | null;
}

export interface HmpoStanding {
  configured: boolean;
  /** Lodgements and withdrawals HMPO has not yet accepted (retried until it does). */
  outstanding: number;
  /** Of those, held back: no agreement in force allows them, or HMPO_URL is unset (an operator must act). */
  blocked: number;
  oldestOutstandingSeconds: number;
}

export interface UpstreamStanding {
  pnc: PncStanding;
  hmpo: HmpoStanding;
}

/**
 * How the two services the hub calls out to are doing, read from Postgres so any process
 * answers for the whole hub: the PNC from the checks recorded (each says whether the PNC
 * answered), HMPO from the watchlist requests still waiting for it. Neither fails the hub's
 * health: checks degrade and watchlist requests wait, by design. /health is public, so no error
 * text (it may echo a person's details): operators read that at GET /v1/admin/watchlist.
 */
@Injectable()
export class UpstreamStats {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(HUB_ENVIRONMENT) private readonly env: HubEnvironment,
    private readonly watchlist: WatchlistEntries,
  ) {}

  async standing(): Promise<UpstreamStanding> {
    const [[pnc], hmpo] = await Promise.all([
      this.dataSource.query(
        `SELECT count(*)::int AS checks,
                count(*) FILTER (WHERE 'pnc' = ANY(degraded))::int AS degraded,
                max(created_at) FILTER (WHERE 'pnc' = ANY(degraded)) AS last_degraded_at
           FROM checks WHERE created_at > now() - interval '1 hour'`,
      ),
      this.watchlist.outstandingSummary(),
    ]);
    return {
      pnc: {
        configured: !!this.env.pncUrl,
        checksLastHour: pnc.checks,
        degradedLastHour: pnc.degraded,
        lastDegradedAt: pnc.last_degraded_at ? new Date(pnc.last_degraded_at).toISOString() : null,
      },
      hmpo: {
        configured: !!this.env.hmpoUrl,
        outstanding: hmpo.outstanding,
        blocked: hmpo.blocked,
        oldestOutstandingSeconds: hmpo.oldestSeconds,
      },
    };
  }
}
