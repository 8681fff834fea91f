import { loadNominals, startPncSimulator } from './pnc-simulator';

/** Runs the PNC-like simulator (docker compose): PORT, NOMINALS_FILE (defaults to the shipped fixtures). */
async function main(): Promise<void> {
  const port = Number(process.env.PORT ?? 4100);
  const simulator = await startPncSimulator(loadNominals(process.env.NOMINALS_FILE), port, '0.0.0.0');
  console.log(JSON.stringify({ msg: 'PNC-like simulator listening', url: simulator.url }));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
