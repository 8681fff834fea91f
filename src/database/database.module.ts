import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { HUB_ENVIRONMENT, type HubEnvironment } from '../../config/environment';
import { dataSourceOptions } from './data-source-options';
import { MigrationRunner } from './migration-runner';

@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [HUB_ENVIRONMENT],
      useFactory: (env: HubEnvironment) => dataSourceOptions(env),
    }),
  ],
  providers: [MigrationRunner],
})
export class DatabaseModule {}
