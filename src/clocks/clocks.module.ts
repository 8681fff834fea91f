import { Module } from '@nestjs/common';
import { RoutingModule } from '../routing/routing.module';
import { ClockScheduler } from './clock-scheduler';
import { CLOCKS, type Clock } from './clock.port';
import { DeadlineRepository } from './deadline.repository';
import { DeadlinesClock } from './deadlines.clock';
import { DeadlinesController } from './deadlines.controller';
import { UnacknowledgedEventsClock } from './unacknowledged-events.clock';
import { WatchlistClock } from './watchlist.clock';
import { AuditModule } from '../audit/audit.module';
import { QueuesModule } from '../queues/queues.module';
import { RulesModule } from '../rules/rules.module';
import { SubjectsModule } from '../subjects/subjects.module';
import { TelemetryModule } from '../telemetry/telemetry.module';
import { WatchlistModule } from '../watchlist/watchlist.module';

@Module({
  imports: [AuditModule, QueuesModule, RoutingModule, RulesModule, SubjectsModule, TelemetryModule, WatchlistModule],
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
