import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseUntrustedXml } from '../../common/safe-xml';

export interface HmpoSimulator {
  url: string;
  /** Entries on the watchlist now, by WatchlistRef. */
  entries: Map<string, Record<string, unknown>>;
  /** Every request received, for tests: method, path and the RequestId if any. */
  requests: { method: string; path: string; requestId?: string }[];
  /** Answer 503 to this many further requests (HMPO down), then recover. */
  failNext: number;
  close(): Promise<void>;
}

/**
 * An HMPO watchlist service speaking passport-watchlist.md: lodge (XML, 201 with a
 * WatchlistRef; the same RequestId twice gets the same entry back) and withdraw (204, 404).
 */
export async function startHmpoSimulator(port = 0, host = '127.0.0.1'): Promise<HmpoSimulator> {
  const entries = new Map<string, Record<string, unknown>>();
  const byRequestId = new Map<string, string>();
  const requests: HmpoSimulator['requests'] = [];
  const state = { failNext: 0, next: 1 };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const path = new URL(req.url ?? '/', 'http://hmpo').pathname;
      const record: HmpoSimulator['requests'][number] = { method: req.method ?? '', path };
      requests.push(record);
      if (state.failNext > 0) {
        state.failNext -= 1;
        return res.writeHead(503).end();
      }
      if (req.method === 'POST' && path === '/watchlist/entries') {
        const parsed = parseUntrustedXml(body);
        const entry = parsed.ok
          ? (parsed.document.WatchlistEntryRequest as Record<string, unknown> | undefined)
          : undefined;
        if (!entry?.RequestId)
          return res.writeHead(400, { 'content-type': 'application/xml' }).end('<Error>bad request</Error>');
        record.requestId = String(entry.RequestId);
        let ref = byRequestId.get(record.requestId);
        if (!ref) {
          ref = `WL-${String(state.next++).padStart(6, '0')}`;
          byRequestId.set(record.requestId, ref);
          entries.set(ref, entry);
        }
        return res
          .writeHead(201, { 'content-type': 'application/xml' })
          .end(`<WatchlistEntry><WatchlistRef>${ref}</WatchlistRef></WatchlistEntry>`);
      }
      const withdraw = /^\/watchlist\/entries\/([^/]+)$/.exec(path);
      if (req.method === 'DELETE' && withdraw) {
        const ref = decodeURIComponent(withdraw[1]);
        return res.writeHead(entries.delete(ref) ? 204 : 404).end();
      }
      res.writeHead(404).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  return {
    url: `http://${host}:${(server.address() as AddressInfo).port}`,
    entries,
    requests,
    get failNext() {
      return state.failNext;
    },
    set failNext(n: number) {
      state.failNext = n;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
