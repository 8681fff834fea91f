import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { HUB_ENVIRONMENT, type HubEnvironment } from '../../config/environment';
import { dataSourceOptions } from './data-source-options';
import { runPendingMigrations } from './migration-runner';

@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [HUB_ENVIRONMENT],
      // Migrate first, as the owner: the runtime pool then connects as the app role.
      useFactory: async (env: HubEnvironment) => {
        await runPendingMigrations(env);
        return dataSourceOptions({ ...env, appRole: env.dbAppRole });
      },
    }),
  ],
})
export class DatabaseModule {}
