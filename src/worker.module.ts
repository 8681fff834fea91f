import { DynamicModule, Module } from '@nestjs/common';
import type { HubEnvironment } from '../config/environment';
import { AppModule } from './app.module';
import { BackgroundWorkModule } from './background-work.module';

/** The worker's composition root: the hub's modules and its background work, no HTTP API. */
@Module({})
export class WorkerModule {
  static register(env: HubEnvironment): DynamicModule {
    return { module: WorkerModule, imports: [AppModule.register(env), BackgroundWorkModule] };
  }
}
