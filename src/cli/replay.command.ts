import type { INestApplicationContext } from '@nestjs/common';
import { parseArgs } from 'node:util';
import type { Caller } from '../auth/agency';
import { AgencyRegistry } from '../auth/agency-registry';
import { AuditLog } from '../audit/audit-log';
import { ProblemException } from '../common/problem';
import { decodeCursor, type KeysetPosition } from '../common/paging';
import { DeliveryReplayService } from '../delivery/operators/delivery-replay.service';
import { OperatorDeliveriesRepository, type DeliveryView } from '../delivery/operators/operator-deliveries.repository';
import { EXIT, type CliCommand, type CliIo } from './cli-io';
import { withHub } from './with-hub';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Dead letters are read this many at a time, newest first. */
const PAGE = 500;

export const replay: CliCommand = {
  name: 'replay',
  summary: "send dead-lettered deliveries again under today's agreements (as POST /v1/admin/deliveries/{id}/replay)",
  usage:
    'hub replay --operator NAME --reason TEXT (--agency ID | --delivery ID ... | --since TIME | --all) [--dry-run]',
  help: `Replays dead letters one by one through the same service as POST /v1/admin/deliveries/{id}/replay:
each is re-projected under today's agreements, sent as the same message (same webhook-id), and
audited under --operator (the person acting) on behalf of the hub operators' agency.
Select with --agency (the receiving agency), --since (dead letters created at or after an ISO time),
--delivery (repeatable; any failed, dead or blocked delivery), or --all; filters combine.
--dry-run lists what would be replayed and sends nothing (the read is audited as GET /v1/admin/deliveries).
Needs DATABASE_URL and REDIS_URL as the hub. Exit 0 when every one was queued or withheld, 1 when any was refused.`,
  async run(args, io) {
    const { values } = parseArgs({
      args,
      options: {
        operator: { type: 'string' },
        reason: { type: 'string' },
        agency: { type: 'string' },
        delivery: { type: 'string', multiple: true },
        since: { type: 'string' },
        all: { type: 'boolean' },
        'dry-run': { type: 'boolean' },
      },
    });
    const ids = values.delivery ?? [];
    const selected = values.agency !== undefined || values.since !== undefined || ids.length > 0 || values.all;
    const badSince = values.since !== undefined && Number.isNaN(Date.parse(values.since));
    const badId = ids.find((id) => !UUID.test(id));
    if (!values.operator || !values.reason || !selected || badSince || badId) {
      if (badSince) io.err(`--since ${values.since} is not a time`);
      if (badId) io.err(`--delivery ${badId} is not a delivery id`);
      io.err(`Usage: ${this.usage}`);
      return EXIT.usage;
    }
    const dryRun = values['dry-run'] ?? false;
    return withHub(io, async (hub) => {
      const caller = operatorCaller(hub, values.operator!);
      const filter = { agency: values.agency ?? null, since: values.since ? Date.parse(values.since) : null };
      const found = ids.length ? await byId(hub, ids, filter, io) : await deadLetters(hub, filter);
      if (dryRun) {
        await hub.get(AuditLog, { strict: false }).record({
          action: 'CONSULTATION',
          operation: 'admin.deliveries.read',
          agencyId: caller.agency.id,
          actorSub: caller.sub,
          details: { statuses: ['dead'], agency: filter.agency, count: found.length, via: 'hub replay --dry-run' },
        });
        for (const d of found) io.out(`would replay ${describe(d)}`);
        io.out(`${found.length} deliver${found.length === 1 ? 'y' : 'ies'} would be replayed (dry run: nothing sent)`);
        return EXIT.ok;
      }
      const service = hub.get(DeliveryReplayService, { strict: false });
      const counts = { queued: 0, withheld: 0, refused: 0 };
      for (const d of found) {
        try {
          const result = await service.replayDelivery(caller, d.id, values.reason!);
          counts[result.outcome === 'queued' ? 'queued' : 'withheld'] += 1;
          io.out(`${result.outcome} ${describe(d)}${result.reason ? ` (${result.reason})` : ''}`);
        } catch (e) {
          if (!(e instanceof ProblemException)) throw e;
          counts.refused += 1;
          io.err(`refused ${describe(d)}: ${e.detail ?? e.title}`);
        }
      }
      io.out(`${counts.queued} queued, ${counts.withheld} withheld, ${counts.refused} refused`);
      return counts.refused ? EXIT.failed : EXIT.ok;
    });
  },
};

/** The CLI acts as the hub operators' agency (the one that holds `admin` over HTTP), named by the person. */
function operatorCaller(hub: INestApplicationContext, sub: string): Caller {
  const agency = hub
    .get(AgencyRegistry, { strict: false })
    .all()
    .find((a) => a.kind === 'HUB_OPERATOR' && a.scopes.includes('admin'));
  if (!agency)
    throw new Error('no HUB_OPERATOR agency with the admin scope is configured: the replay would be audited to nobody');
  return { agency, sub, scopes: ['admin'] };
}

interface Filter {
  agency: string | null;
  since: number | null;
}

const matches = (d: DeliveryView, f: Filter) =>
  (f.agency === null || d.agency === f.agency) && (f.since === null || Date.parse(d.createdAt) >= f.since);

/** Every dead letter matching, oldest first (the order they failed in). */
async function deadLetters(hub: INestApplicationContext, f: Filter): Promise<DeliveryView[]> {
  const repository = hub.get(OperatorDeliveriesRepository, { strict: false });
  const out: DeliveryView[] = [];
  let after: KeysetPosition | null = null;
  for (;;) {
    const page = await repository.list({
      statuses: ['dead'],
      agency: f.agency,
      subscriptionId: null,
      includeFeedEntries: false,
      limit: PAGE,
      after,
    });
    const inRange = page.items.filter((d) => matches(d, f));
    out.push(...inRange);
    // Newest first: once a page reaches before --since, the rest are older still.
    if (!page.nextCursor || inRange.length < page.items.length) break;
    after = decodeCursor(page.nextCursor);
    if (!after) break;
  }
  return out.reverse();
}

async function byId(hub: INestApplicationContext, ids: string[], f: Filter, io: CliIo): Promise<DeliveryView[]> {
  const repository = hub.get(OperatorDeliveriesRepository, { strict: false });
  const out: DeliveryView[] = [];
  for (const id of ids) {
    const d = await repository.findReplayable(id);
    if (!d) io.err(`no delivery ${id}`);
    else if (matches(d, f)) out.push(d);
  }
  return out;
}

function describe(d: DeliveryView): string {
  const why = d.lastStatusCode ?? d.lastError ?? '';
  return `${d.id} to ${d.agency}: ${d.eventType} of ${d.subjectId} (${d.status}, ${d.attempts} attempt(s)${why ? `, last ${why}` : ''})`;
}
