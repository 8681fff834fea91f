import { startHmpoSimulator } from './hmpo-simulator';

/** Runs the HMPO watchlist simulator (docker compose): PORT. */
async function main(): Promise<void> {
  const simulator = await startHmpoSimulator(Number(process.env.PORT ?? 4200), '0.0.0.0');
  console.log(JSON.stringify({ msg: 'HMPO watchlist simulator listening', url: simulator.url }));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
