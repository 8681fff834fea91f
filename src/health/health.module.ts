import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { UpstreamsModule } from '../upstreams/upstreams.module';
import { HealthController } from './health.controller';
import { Readiness } from './readiness';
import { AuthModule } from '../auth/auth.module';
import { DeliveryModule } from '../delivery/delivery.module';
import { QueuesModule } from '../queues/queues.module';

@Module({
  imports: [TerminusModule, AuthModule, DeliveryModule, QueuesModule, UpstreamsModule],
  controllers: [HealthController],
  providers: [Readiness],
  exports: [Readiness],
})
export class HealthModule {}
