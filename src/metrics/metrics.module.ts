import { Module } from '@nestjs/common';
import { UpstreamsModule } from '../upstreams/upstreams.module';
import { AuditVerifyMonitor } from './audit-verify-monitor';
import { HubMetrics } from './hub-metrics';
import { MetricsController } from './metrics.controller';
import { AgreementsModule } from '../agreements/agreements.module';
import { AuditModule } from '../audit/audit.module';
import { DeliveryModule } from '../delivery/delivery.module';
import { TelemetryModule } from '../telemetry/telemetry.module';
import { SubjectsModule } from '../subjects/subjects.module';

@Module({
  imports: [AgreementsModule, AuditModule, DeliveryModule, TelemetryModule, UpstreamsModule, SubjectsModule],
  controllers: [MetricsController],
  providers: [HubMetrics, AuditVerifyMonitor],
  exports: [HubMetrics, AuditVerifyMonitor],
})
export class MetricsModule {}
