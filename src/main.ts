import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { EnvironmentError, loadEnvironment, type HubEnvironment } from '../config/environment';
import { createHubApp, logStartupWarnings } from './bootstrap';
import { exporterFromEnvironment, startTracing } from './tracing/start-tracing';
import { startHubWorker } from './worker';

/** Starts the hub: HUB_ROLE=api|worker|all (default all: API and workers in one process). */
async function main(): Promise<void> {
  let env: HubEnvironment;
  try {
    env = loadEnvironment();
  } catch (e) {
    if (e instanceof EnvironmentError) {
      process.stderr.write(`${e.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw e;
  }
  // Before anything else: spans and traceparent propagation need the global provider.
  startTracing(exporterFromEnvironment(), { batch: true });
  if (env.role === 'worker') {
    // Workers serve no API, only probes and /metrics on HUB_HEALTH_PORT.
    const worker = await startHubWorker(env);
    worker.context.enableShutdownHooks();
    process.once('SIGTERM', () => worker.probes.close());
    logStartupWarnings(env);
    new Logger('Bootstrap').log(`Hub worker started; probes and metrics on port ${env.healthPort}`);
    return;
  }
  const app = await createHubApp(env);
  app.enableShutdownHooks();
  logStartupWarnings(env);
  await app.listen({ port: env.port, host: '0.0.0.0' });
  new Logger('Bootstrap').log(`Hub (${env.role}) listening on port ${env.port}`);
}

main().catch((e) => {
  process.stderr.write(`The hub could not start: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
