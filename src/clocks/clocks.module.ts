import { Module } from '@nestjs/common';
import { ClockScheduler } from './clock-scheduler';
import { CLOCKS, type Clock } from './clock.port';
import { UnacknowledgedEventsClock } from './unacknowledged-events.clock';

@Module({
  providers: [
    UnacknowledgedEventsClock,
    { provide: CLOCKS, useFactory: (...clocks: Clock[]) => clocks, inject: [UnacknowledgedEventsClock] },
    ClockScheduler,
  ],
  exports: [ClockScheduler],
})
export class ClocksModule {}
