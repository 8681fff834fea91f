import { createServer, type Server } from 'node:http';
import type { HubMetrics } from '../metrics/hub-metrics';
import type { Readiness } from './readiness';

/**
 * The worker's only HTTP port (HUB_HEALTH_PORT): the same probes and /metrics as the API, and
 * nothing else, so a worker pod can be probed and scraped without serving the API.
 */
export async function startProbeServer(
  readiness: Readiness,
  metrics: HubMetrics,
  port: number,
  host = '0.0.0.0',
): Promise<Server> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const send = (status: number, type: string, body: string) => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    const json = (status: number, body: unknown) =>
      send(status, 'application/json; charset=utf-8', JSON.stringify(body));
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return json(405, { type: 'about:blank', title: 'Method Not Allowed', status: 405 });
    const answer = async () => {
      if (path === '/health/live') return json(200, { status: 'up' });
      if (path === '/health/ready' || path === '/health') {
        const report = await readiness.check();
        const checks = Object.fromEntries(
          Object.entries(report.checks).map(([name, s]) => [name, s.up ? 'up' : 'down']),
        );
        return json(
          report.ready ? 200 : 503,
          path === '/health'
            ? { status: report.ready ? 'up' : 'down' }
            : { status: report.ready ? 'up' : 'down', checks },
        );
      }
      if (path === '/metrics') return send(200, 'text/plain; version=0.0.4; charset=utf-8', await metrics.render());
      return json(404, { type: 'about:blank', title: 'Not Found', status: 404 });
    };
    answer().catch(() => json(500, { type: 'about:blank', title: 'Internal Server Error', status: 500 }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return server;
}
