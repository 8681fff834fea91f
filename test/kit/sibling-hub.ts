import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { HubEnvironment, HubRole } from '../../config/environment';
import { createHubApp } from '../../src/bootstrap';
import type { TestHub } from './test-hub';

export interface SiblingHub {
  app: NestFastifyApplication;
  close(): Promise<void>;
}

/**
 * Another hub process on the same database, Redis prefix and config as `hub`: a worker started
 * after a crash, say. Close it before `hub` (which drops the database).
 */
export async function startSibling(
  hub: TestHub,
  role: HubRole,
  overrides: Partial<HubEnvironment> = {},
): Promise<SiblingHub> {
  const env: HubEnvironment = { ...hub.env, port: 0, role, ...overrides };
  const app = await createHubApp(env, { logger: process.env.HUB_TEST_LOGS === '1' });
  return { app, close: () => app.close() };
}
