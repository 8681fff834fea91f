import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { HUB_ENVIRONMENT, type HubEnvironment } from '../../config/environment';
import { AuditVerifier } from '../audit/audit-verifier';
import { HubTelemetry } from '../telemetry/hub-telemetry';

/**
 * Walks the audit chains on a timer in the worker processes and exports the answer, so a
 * broken chain pages someone (alert HubAuditVerifyFailing) instead of waiting for the next
 * time an auditor calls GET /v1/audit/verify.
 */
@Injectable()
export class AuditVerifyMonitor implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(AuditVerifyMonitor.name);
  private timer: NodeJS.Timeout | undefined;
  private readonly ok: Gauge;
  private readonly lastRun: Gauge;

  constructor(
    private readonly verifier: AuditVerifier,
    telemetry: HubTelemetry,
    @Inject(HUB_ENVIRONMENT) private readonly env: HubEnvironment,
  ) {
    const registers = [telemetry.registry];
    this.ok = new Gauge({
      name: 'hub_audit_verify_ok',
      help: '1 when the last walk of the audit chains found every link intact, 0 when it found a break',
      registers,
    });
    this.lastRun = new Gauge({
      name: 'hub_audit_verify_last_run_timestamp_seconds',
      help: 'When the audit chains were last walked to the end (Unix time)',
      registers,
    });
  }

  onApplicationBootstrap(): void {
    if (this.env.role === 'api' || this.env.auditVerifyIntervalMs === 0) return;
    this.timer = setInterval(() => void this.run(), this.env.auditVerifyIntervalMs);
    this.timer.unref();
  }

  async run(): Promise<void> {
    try {
      const report = await this.verifier.verify();
      this.ok.set(report.ok ? 1 : 0);
      this.lastRun.set(Date.now() / 1000);
      if (!report.ok) this.logger.error(`Audit chain broken: ${JSON.stringify(report.firstBrokenAt)}`);
    } catch (e) {
      // Postgres away: no answer, so the last-run time goes stale (its own alert), not a false break.
      this.logger.warn(`Audit verification could not run: ${(e as Error).message}`);
    }
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }
}
