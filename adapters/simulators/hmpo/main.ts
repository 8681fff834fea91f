import pino from 'pino';
import { startHmpoSimulator } from './hmpo-simulator';

const log = pino({ name: 'hmpo-simulator', level: process.env.LOG_LEVEL || 'info' });

/** Runs the HMPO watchlist simulator (docker compose): PORT. */
async function main(): Promise<void> {
  const simulator = await startHmpoSimulator(Number(process.env.PORT ?? 4200), '0.0.0.0');
  log.info({ url: simulator.url }, 'HMPO watchlist simulator listening');
}

main().catch((err: Error) => {
  log.fatal({ err }, 'HMPO watchlist simulator did not start');
  process.exit(1);
});
