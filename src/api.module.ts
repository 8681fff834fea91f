import { DynamicModule, Module, RequestMethod } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import type { HubEnvironment } from '../config/environment';
import { AppModule } from './app.module';
import { BackgroundWorkModule } from './background-work.module';
import { ProblemDetailsFilter } from './common/problem-details.filter';
import { requestLogOptions } from './common/request-log-options';

/**
 * The API's composition root: the hub's modules, request logs and problem responses.
 * `withBackgroundWork` adds the worker's processors and schedulers, for the single-process
 * mode (HUB_ROLE=all); `logStream` sends request logs there instead of stdout (tests read them).
 */
@Module({})
export class ApiModule {
  static register(
    env: HubEnvironment,
    options: { logStream?: DestinationStream; withBackgroundWork?: boolean } = {},
  ): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        AppModule.register(env),
        LoggerModule.forRoot({
          // '{*splat}': nestjs-pino's default route never matches on platform-fastify 12 (stack recipe P5).
          forRoutes: [{ path: '{*splat}', method: RequestMethod.ALL }],
          pinoHttp: options.logStream
            ? [requestLogOptions(env.logLevel), options.logStream]
            : requestLogOptions(env.logLevel),
        }),
        ...(options.withBackgroundWork ? [BackgroundWorkModule] : []),
      ],
      providers: [{ provide: APP_FILTER, useClass: ProblemDetailsFilter }],
    };
  }
}
