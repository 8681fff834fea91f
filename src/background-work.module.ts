import { Module } from '@nestjs/common';
import { BackgroundWork } from './background-work';
import { ClocksModule } from './clocks/clocks.module';
import { DeliveryModule } from './delivery/delivery.module';
import { MetricsModule } from './metrics/metrics.module';
import { RoutingModule } from './routing/routing.module';
import { WatchlistModule } from './watchlist/watchlist.module';

/** The processors and schedulers a worker runs; imported by the worker root and by single-process mode. */
@Module({
  imports: [RoutingModule, DeliveryModule, WatchlistModule, ClocksModule, MetricsModule],
  providers: [BackgroundWork],
})
export class BackgroundWorkModule {}
