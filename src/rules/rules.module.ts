import { Global, Module } from '@nestjs/common';
import { HUB_ENVIRONMENT, type HubEnvironment } from '../../config/environment';
import { loadNotificationPeriodTable } from './notification-period-table';

export const NOTIFICATION_PERIOD_TABLE = Symbol('NOTIFICATION_PERIOD_TABLE');

/** Reference data the rules run on, loaded and validated at start (a bad table stops the hub). */
@Global()
@Module({
  providers: [
    {
      provide: NOTIFICATION_PERIOD_TABLE,
      inject: [HUB_ENVIRONMENT],
      useFactory: (env: HubEnvironment) => loadNotificationPeriodTable(env.referenceDir),
    },
  ],
  exports: [NOTIFICATION_PERIOD_TABLE],
})
export class RulesModule {}
