import { Global, Module } from '@nestjs/common';
import { RoutingModule } from '../routing/routing.module';
import { ClockScheduler } from './clock-scheduler';
import { CLOCKS, type Clock } from './clock.port';
import { DeadlineRepository } from './deadline.repository';
import { DeadlinesClock } from './deadlines.clock';
import { DeadlinesController } from './deadlines.controller';
import { UnacknowledgedEventsClock } from './unacknowledged-events.clock';
import { WatchlistClock } from './watchlist.clock';

@Global()
@Module({
  imports: [RoutingModule],
  controllers: [DeadlinesController],
  providers: [
    DeadlineRepository,
    DeadlinesClock,
    UnacknowledgedEventsClock,
    WatchlistClock,
    {
      provide: CLOCKS,
      useFactory: (...clocks: Clock[]) => clocks,
      inject: [DeadlinesClock, UnacknowledgedEventsClock, WatchlistClock],
    },
    ClockScheduler,
  ],
  exports: [ClockScheduler, DeadlineRepository],
})
export class ClocksModule {}
