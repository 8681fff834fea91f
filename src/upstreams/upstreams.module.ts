import { Module } from '@nestjs/common';
import { UpstreamStats } from './upstream-stats';
import { WatchlistModule } from '../watchlist/watchlist.module';

/** The standing of the services the hub calls out to (PNC, HMPO), for /health and /metrics. */
@Module({
  imports: [WatchlistModule],
  providers: [UpstreamStats],
  exports: [UpstreamStats],
})
export class UpstreamsModule {}
