import { Module } from '@nestjs/common';
import { HUB_ENVIRONMENT, type HubEnvironment } from '../../config/environment';
import { loadCountries } from './countries';
import { loadDeadlineRules } from './deadline-rules';
import { loadNotificationPeriodTable } from './notification-period-table';
import { loadSchedule3 } from './schedule-3';
import { loadWorkingDayCalendar } from './working-days';
import { loadResponsibilityReference } from '../responsibility/responsibility-reference';

export const NOTIFICATION_PERIOD_TABLE = Symbol('NOTIFICATION_PERIOD_TABLE');
export const DEADLINE_RULES = Symbol('DEADLINE_RULES');
export const WORKING_DAY_CALENDAR = Symbol('WORKING_DAY_CALENDAR');
export const SCHEDULE_3 = Symbol('SCHEDULE_3');
/** ISO 3166-1 alpha-2 codes and names (config/reference/countries.yaml). */
export const COUNTRIES = Symbol('COUNTRIES');
/** Postcode districts and probation providers → areas (config/reference/postcode-areas.yaml). */
export const RESPONSIBILITY_REFERENCE = Symbol('RESPONSIBILITY_REFERENCE');

const fromReferenceData = <T>(provide: symbol, load: (dir: string) => T) => ({
  provide,
  inject: [HUB_ENVIRONMENT],
  useFactory: (env: HubEnvironment) => load(env.referenceDir),
});

/** Reference data the rules run on, loaded and validated at start (a bad file stops the hub). */
@Module({
  providers: [
    fromReferenceData(NOTIFICATION_PERIOD_TABLE, loadNotificationPeriodTable),
    fromReferenceData(DEADLINE_RULES, loadDeadlineRules),
    fromReferenceData(WORKING_DAY_CALENDAR, loadWorkingDayCalendar),
    fromReferenceData(SCHEDULE_3, loadSchedule3),
    fromReferenceData(RESPONSIBILITY_REFERENCE, loadResponsibilityReference),
    fromReferenceData(COUNTRIES, loadCountries),
  ],
  exports: [
    NOTIFICATION_PERIOD_TABLE,
    DEADLINE_RULES,
    WORKING_DAY_CALENDAR,
    SCHEDULE_3,
    RESPONSIBILITY_REFERENCE,
    COUNTRIES,
  ],
})
export class RulesModule {}
