import pino from 'pino';
import { loadNominals, startPncSimulator } from './pnc-simulator';

const log = pino({ name: 'pnc-simulator', level: process.env.LOG_LEVEL || 'info' });

/** Runs the PNC-like simulator (docker compose): PORT, NOMINALS_FILE (defaults to the shipped fixtures). */
async function main(): Promise<void> {
  const port = Number(process.env.PORT ?? 4100);
  const simulator = await startPncSimulator(loadNominals(process.env.NOMINALS_FILE), port, '0.0.0.0');
  log.info({ url: simulator.url, port }, 'PNC-like simulator listening');
}

main().catch((err: Error) => {
  log.fatal({ err }, 'PNC-like simulator did not start');
  process.exit(1);
});
