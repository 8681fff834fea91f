import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { UpstreamsModule } from '../upstreams/upstreams.module';
import { HealthController } from './health.controller';

@Module({ imports: [TerminusModule, UpstreamsModule], controllers: [HealthController] })
export class HealthModule {}
