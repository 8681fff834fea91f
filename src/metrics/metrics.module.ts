import { Module } from '@nestjs/common';
import { HubMetrics } from './hub-metrics';
import { MetricsController } from './metrics.controller';

@Module({ controllers: [MetricsController], providers: [HubMetrics] })
export class MetricsModule {}
