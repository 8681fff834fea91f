import { Module } from '@nestjs/common';
import { UpstreamsModule } from '../upstreams/upstreams.module';
import { HubMetrics } from './hub-metrics';
import { MetricsController } from './metrics.controller';

@Module({ imports: [UpstreamsModule], controllers: [MetricsController], providers: [HubMetrics], exports: [HubMetrics] })
export class MetricsModule {}
