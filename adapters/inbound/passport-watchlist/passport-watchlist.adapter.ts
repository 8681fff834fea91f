import { parseWire } from '../../../src/common/validation/parse-wire';
import type { InboundAdapter, InboundParseResult } from '../../../src/ingestion/inbound-adapter.port';
import { parseUntrustedXml } from '../../common/safe-xml';
import { WatchlistHitDto } from './watchlist-hit.dto';

/** HMPO's watchlist hits (passport-watchlist.md): a watched person applied for a passport. */
export class PassportWatchlistAdapter implements InboundAdapter {
  readonly name = 'passport-watchlist';
  readonly agencyKind = 'HMPO';
  readonly provenanceKind = 'HMPO';
  readonly contentTypes = ['application/xml', 'text/xml'];
  readonly wire = {
    dto: WatchlistHitDto,
    xmlRoot: { name: 'WatchlistHit', namespace: 'urn:hmpo:watchlist:1' },
    examples: 'adapters/inbound/passport-watchlist/fixtures',
  };

  parse(body: unknown): InboundParseResult {
    const parsed = parseUntrustedXml(typeof body === 'string' ? body : '');
    if (!parsed.ok) return { ok: false, unreadable: parsed.reason };
    const roots = Object.keys(parsed.document);
    if (roots.length !== 1 || roots[0] !== 'WatchlistHit')
      return { ok: false, errors: [{ path: '', message: 'the root element must be WatchlistHit' }] };
    const root = parsed.document.WatchlistHit;
    if (!root || typeof root !== 'object')
      return {
        ok: false,
        errors: [{ path: '', message: 'WatchlistHit must hold HitId, WatchlistRef, Application and Applicant' }],
      };
    const read = parseWire(WatchlistHitDto, root);
    if (!read.ok) return read;
    const hit = read.value;
    const a = hit.Applicant;
    return {
      ok: true,
      sourceMessageId: hit.HitId,
      commands: [
        {
          kind: 'RECORD_WATCHLIST_HIT',
          person: {
            forenames: a.Forenames,
            surname: a.Surname,
            aliases: [],
            dateOfBirth: a.DateOfBirth,
            identifiers: [],
          },
          hit: {
            hitId: hit.HitId,
            watchlistRef: hit.WatchlistRef,
            application: {
              type: hit.Application.Type,
              receivedOn: hit.Application.ReceivedOn,
              office: hit.Application.Office,
            },
            applicant: {
              surname: a.Surname,
              forenames: a.Forenames,
              dateOfBirth: a.DateOfBirth,
              ...(a.Address
                ? {
                    address: {
                      line1: a.Address.Line1,
                      ...(a.Address.Line2 ? { line2: a.Address.Line2 } : {}),
                      town: a.Address.Town,
                      postcode: a.Address.Postcode.toUpperCase(),
                    },
                  }
                : {}),
            },
          },
        },
      ],
    };
  }
}
