import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { loadEnvironment } from '../../config/environment';
import { AppModule } from '../app.module';
import type { CliIo } from './cli-io';

/**
 * The hub's own services for one command: AppModule without a composition root's extras (no
 * workers, relay or clocks start), so the CLI calls exactly the code the HTTP endpoints call.
 */
export async function withHub<T>(io: CliIo, work: (hub: INestApplicationContext) => Promise<T>): Promise<T> {
  const env = loadEnvironment({ ...io.env, HUB_ROLE: 'api' });
  const hub = await NestFactory.createApplicationContext(AppModule.register(env), { logger: ['error'] });
  try {
    return await work(hub);
  } finally {
    await hub.close();
  }
}
