import { Controller, Get, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../auth/auth.decorators';
import { barChart } from './charts';
import { ConsoleQueries } from './console-queries';
import { html, table } from './html';

import { UpstreamStats } from '../upstreams/upstream-stats';
import { ConsolePages } from './console-pages';
import { londonTimeText } from './london-time';

/**
 * The console's overview page: totals, messages in, deliveries, queues and the services the hub
 * calls.
 */
@ApiExcludeController()
@Public()
@Controller('console')
export class ConsoleOverviewController {
  constructor(
    private readonly pages: ConsolePages,
    private readonly queries: ConsoleQueries,
    private readonly upstreams: UpstreamStats,
  ) {}

  @Get()
  overview(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return this.pages.render(request, reply, 'admin', '/console', 'Overview', async () => {
      const [o, { pnc, hmpo }] = await Promise.all([this.queries.overview(), this.upstreams.standing()]);
      const configured = (yes: boolean) => (yes ? 'configured' : 'not configured');
      const perSource = new Map<string, number>();
      for (const m of o.messages) perSource.set(m.adapter, (perSource.get(m.adapter) ?? 0) + m.accepted + m.rejected);
      const perAgency = new Map<string, number>();
      for (const d of o.deliveries.filter((x) => x.status === 'delivered')) perAgency.set(d.agency, d.count);
      return html`<ul class="tiles" aria-label="Totals">
          <li><strong>${o.waitingTotal}</strong> deliveries waiting</li>
          <li>
            <strong><a href="/console/quarantine">${o.quarantined}</a></strong> quarantined messages
          </li>
          <li><strong>${o.dead}</strong> dead letters</li>
        </ul>
        <h2>Messages in, last 24 hours</h2>
        ${barChart(
          'sources',
          'Messages received per source, last 24 hours',
          [...perSource].map(([label, value]) => ({ label, value })),
        )}
        ${table(
          'Messages per source per hour',
          ['Hour', 'Source', 'Accepted', 'Rejected'],
          o.messages.map((m) => [m.hour, m.adapter, m.accepted, m.rejected]),
        )}
        <h2>Deliveries</h2>
        ${barChart(
          'deliveries',
          'Events delivered per agency',
          [...perAgency].map(([label, value]) => ({ label, value })),
        )}
        ${table(
          'Deliveries per agency and status',
          ['Agency', 'Status', 'Count'],
          o.deliveries.map((d) => [d.agency, d.status, d.count]),
        )}
        ${barChart(
          'latency',
          'p95 delivery latency per agency, last 24 hours',
          o.latency.map((l) => ({ label: l.agency, value: l.p95Seconds })),
          ' s',
        )}
        ${table(
          'p95 delivery latency, last 24 hours',
          ['Agency', 'p95 (seconds)'],
          o.latency.map((l) => [l.agency, l.p95Seconds]),
        )}
        <h2>Queues</h2>
        ${table(
          'Waiting deliveries per agency',
          ['Agency', 'Depth', 'Oldest waiting (seconds)'],
          o.waiting.map((w) => [w.agency, w.depth, w.oldestSeconds]),
        )}
        <h2>Services the hub calls</h2>
        ${table(
          'PNC and HMPO',
          ['Service', 'Set up', 'Standing'],
          [
            [
              'PNC (checks)',
              configured(pnc.configured),
              `${pnc.checksLastHour} checks in the last hour, ${pnc.degradedLastHour} without a PNC answer${pnc.lastDegradedAt ? ` (last ${londonTimeText(pnc.lastDegradedAt)})` : ''}`,
            ],
            [
              'HMPO (passport watchlist)',
              configured(hmpo.configured),
              `${hmpo.outstanding} requests not yet accepted, ${hmpo.blocked} held back, oldest waiting ${hmpo.oldestOutstandingSeconds} s`,
            ],
          ],
        )}`;
    });
  }
}
