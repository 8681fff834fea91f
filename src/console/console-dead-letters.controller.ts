import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../auth/auth.decorators';
import { AuditLog } from '../audit/audit-log';
import { ProblemException } from '../common/problem';
import { DeliveryReplayService } from '../delivery/operators/delivery-replay.service';
import { OperatorDeliveriesRepository } from '../delivery/operators/operator-deliveries.repository';
import { html, table } from './html';
import { csrfField } from './layout';
import { ConsolePages } from './console-pages';

/** Dead letters: the list and replaying one, through the same replay service as the API. */
@ApiExcludeController()
@Public()
@Controller('console')
export class ConsoleDeadLettersController {
  constructor(
    private readonly pages: ConsolePages,
    private readonly audit: AuditLog,
    private readonly operatorDeliveries: OperatorDeliveriesRepository,
    private readonly replays: DeliveryReplayService,
  ) {}

  @Get('dead-letters')
  deadLetters(
    @Query('replayed') replayed: string | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.pages.render(request, reply, 'admin', '/console/dead-letters', 'Dead letters', async (caller) => {
      const { items } = await this.operatorDeliveries.list({
        statuses: ['dead'],
        agency: null,
        subscriptionId: null,
        includeFeedEntries: false,
        limit: 200,
        after: null,
      });
      await this.audit.record({
        action: 'CONSULTATION',
        operation: 'console.dead-letters.read',
        agencyId: caller.agency.id,
        actorSub: caller.sub,
        details: { count: items.length },
      });
      return html`${replayed ? html`<p class="notice" role="status">${replayed}</p>` : html``}
        <p>
          Deliveries that failed for good or ran out of retries. Replaying one sends it again under today's agreements
          (what they now withhold is withheld).
        </p>
        ${table(
          'Dead letters',
          ['Delivery', 'Agency', 'Event', 'Attempts', 'Last error', 'Replay'],
          items.map((d) => [
            d.id,
            d.agency,
            d.eventType,
            d.attempts,
            d.lastError ?? '',
            html`<form method="post" action="/console/dead-letters/${d.id}/replay">
              ${csrfField(caller.csrfToken)}<label for="reason-${d.id}">Reason</label
              ><input id="reason-${d.id}" name="reason" required minlength="5" maxlength="500" /><button type="submit">
                Replay<span class="skip"> delivery ${d.id}</span>
              </button>
            </form>`,
          ]),
        )}`;
    });
  }

  @Post('dead-letters/:id/replay')
  replayDeadLetter(
    @Param('id') id: string,
    @Body() form: Record<string, string>,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.pages.render(request, reply, 'admin', '/console/dead-letters', 'Dead letters', async (caller) => {
      const reason = (form?.reason ?? '').trim();
      if (reason.length < 5)
        return html`<p class="warning" role="alert">A reason of at least 5 characters is needed to replay.</p>
          <p><a href="/console/dead-letters">Back to dead letters</a></p>`;
      try {
        const result = (await this.replays.replayDelivery(caller, id, reason)) as { outcome?: string };
        return html`<p class="notice" role="status">Replay of ${id}: ${result.outcome ?? 'queued'}.</p>
          <p><a href="/console/dead-letters">Back to dead letters</a></p>`;
      } catch (e) {
        if (!(e instanceof ProblemException)) throw e;
        return html`<p class="warning" role="alert">${e.detail ?? e.title}</p>
          <p><a href="/console/dead-letters">Back to dead letters</a></p>`;
      }
    });
  }
}
