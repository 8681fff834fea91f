import { DynamicModule, Global, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { RequestMethod } from '@nestjs/common';
import { HUB_ENVIRONMENT, type HubEnvironment } from '../config/environment';
import { AgreementPreviewModule } from './agreement-preview/agreement-preview.module';
import { AgreementsModule } from './agreements/agreements.module';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { CatalogueModule } from './catalogue/catalogue.module';
import { ChecksModule } from './checks/checks.module';
import { ClocksModule } from './clocks/clocks.module';
import { WatchlistModule } from './watchlist/watchlist.module';
import { ConsoleModule } from './console/console.module';
import { ProblemDetailsFilter } from './common/problem-details.filter';
import { requestLogOptions } from './common/request-log-options';
import { DatabaseModule } from './database/database.module';
import { DeliveryModule } from './delivery/delivery.module';
import { DeliveryOperatorsModule } from './delivery/operators/delivery-operators.module';
import { HealthModule } from './health/health.module';
import { AdaptersModule } from './adapters.module';
import { IngestionModule } from './ingestion/ingestion.module';
import { MetricsModule } from './metrics/metrics.module';
import { TelemetryModule } from './telemetry/telemetry.module';
import { RetentionModule } from './retention/retention.module';
import { RoutingModule } from './routing/routing.module';
import { RulesModule } from './rules/rules.module';
import { SubjectsModule } from './subjects/subjects.module';
import { SubscriptionsModule } from './subscriptions/subscriptions.module';

@Global()
@Module({})
class EnvironmentModule {
  static register(env: HubEnvironment): DynamicModule {
    return {
      module: EnvironmentModule,
      providers: [{ provide: HUB_ENVIRONMENT, useValue: env }],
      exports: [HUB_ENVIRONMENT],
    };
  }
}

/** The hub, built from a validated environment (tests pass their own). */
@Module({})
export class AppModule {
  /** `logStream`: where request logs go instead of stdout (tests read them). */
  static register(env: HubEnvironment, options: { logStream?: DestinationStream } = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        EnvironmentModule.register(env),
        LoggerModule.forRoot({
          // '{*splat}': nestjs-pino's default route never matches on platform-fastify 12 (stack recipe P5).
          forRoutes: [{ path: '{*splat}', method: RequestMethod.ALL }],
          pinoHttp: options.logStream
            ? [requestLogOptions(env.logLevel), options.logStream]
            : requestLogOptions(env.logLevel),
        }),
        TelemetryModule,
        DatabaseModule,
        RulesModule,
        AuthModule,
        AuditModule,
        RetentionModule,
        AgreementsModule,
        AgreementPreviewModule,
        SubjectsModule,
        SubscriptionsModule,
        DeliveryModule,
        DeliveryOperatorsModule,
        AdaptersModule,
        IngestionModule,
        RoutingModule,
        WatchlistModule,
        ClocksModule,
        ChecksModule,
        CatalogueModule,
        ConsoleModule,
        HealthModule,
        MetricsModule,
      ],
      providers: [{ provide: APP_FILTER, useClass: ProblemDetailsFilter }],
    };
  }
}
