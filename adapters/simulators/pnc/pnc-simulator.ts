import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { UpstreamNominal } from '../../../src/checks/pnc-upstream.port';
import { nameKey } from '../../../src/canonical/name-key';

export interface PncSimulator {
  url: string;
  /** Requests received, newest last (for tests). */
  requests: string[];
  /** Milliseconds to wait before answering (to play a slow or hung PNC). */
  delayMs: number;
  close(): Promise<void>;
}

export function loadNominals(file = 'adapters/simulators/pnc/fixtures/nominals.json'): UpstreamNominal[] {
  return (JSON.parse(readFileSync(file, 'utf8')) as { nominals: UpstreamNominal[] }).nominals;
}

/**
 * A PNC-like service speaking pnc.md's two reads, fed from fixtures: a search by exact
 * (normalised) name and date of birth, and a nominal by PNC id (404 when unknown).
 */
export async function startPncSimulator(
  nominals: UpstreamNominal[],
  port = 0,
  host = '127.0.0.1',
): Promise<PncSimulator> {
  const requests: string[] = [];
  const state = { delayMs: 0 };
  const server: Server = createServer((req, res) => {
    requests.push(req.url ?? '');
    const answer = (status: number, body: unknown) =>
      setTimeout(
        () => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body)),
        state.delayMs,
      );
    const url = new URL(req.url ?? '/', 'http://pnc');
    if (req.method !== 'GET') return answer(405, { error: 'method not allowed' });
    if (url.pathname === '/nominals') {
      const wanted = nameKey({
        forenames: url.searchParams.get('forenames') ?? '',
        surname: url.searchParams.get('surname') ?? '',
      });
      const dob = url.searchParams.get('dateOfBirth');
      return answer(200, {
        results: nominals.filter((n) => n.dateOfBirth === dob && n.names.some((name) => nameKey(name) === wanted)),
      });
    }
    const byId = /^\/nominals\/(.+)$/.exec(url.pathname);
    if (byId) {
      const nominal = nominals.find((n) => n.pncId === decodeURIComponent(byId[1]));
      return nominal ? answer(200, nominal) : answer(404, { error: 'no such nominal' });
    }
    answer(404, { error: 'not found' });
  });
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  return {
    url: `http://${host}:${(server.address() as AddressInfo).port}`,
    requests,
    get delayMs() {
      return state.delayMs;
    },
    set delayMs(ms: number) {
      state.delayMs = ms;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
