import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { Server } from 'node:http';
import type { HubEnvironment } from '../config/environment';
import { WorkerModule } from './worker.module';
import { startProbeServer } from './health/probe-server';
import { Readiness } from './health/readiness';
import { HubMetrics } from './metrics/hub-metrics';

export interface HubWorker {
  context: INestApplicationContext;
  probes: Server;
  close(): Promise<void>;
}

/**
 * A worker process: the hub's modules and its background work (relay, delivery, clocks) from
 * WorkerModule, without the API, plus the probe and metrics port so Kubernetes can probe and scrape it.
 */
export async function startHubWorker(
  env: HubEnvironment,
  options: { logger?: boolean; host?: string } = {},
): Promise<HubWorker> {
  const context = await NestFactory.createApplicationContext(
    WorkerModule.register(env),
    options.logger === false ? { logger: false } : {},
  );
  const probes = await startProbeServer(context.get(Readiness), context.get(HubMetrics), env.healthPort, options.host);
  return {
    context,
    probes,
    async close() {
      await new Promise<void>((resolve) => probes.close(() => resolve()));
      await context.close();
    },
  };
}
