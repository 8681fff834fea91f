import { Module } from '@nestjs/common';
import { UpstreamsModule } from '../upstreams/upstreams.module';
import { AuditVerifyMonitor } from './audit-verify-monitor';
import { HubMetrics } from './hub-metrics';
import { MetricsController } from './metrics.controller';

@Module({
  imports: [UpstreamsModule],
  controllers: [MetricsController],
  providers: [HubMetrics, AuditVerifyMonitor],
  exports: [HubMetrics],
})
export class MetricsModule {}
