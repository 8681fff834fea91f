import { Module } from '@nestjs/common';
import { UpstreamStats } from './upstream-stats';

/** The standing of the services the hub calls out to (PNC, HMPO), for /health and /metrics. */
@Module({ providers: [UpstreamStats], exports: [UpstreamStats] })
export class UpstreamsModule {}
