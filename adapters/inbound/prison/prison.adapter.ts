import { parseWire } from '../../../src/common/validation/parse-wire';
import type { InboundAdapter, InboundParseResult } from '../../../src/ingestion/inbound-adapter.port';
import { PrisonMessageDto } from './prison.dto';
import { prisonCrossFieldErrors, toPrisonCommand } from './prison.mapper';

/** Prison custody events (prison.md): reception, transfer, release date set, release. */
export class PrisonAdapter implements InboundAdapter {
  readonly name = 'prison';
  readonly agencyKind = 'PRISON';
  readonly provenanceKind = 'PRISON';
  readonly contentTypes = ['application/json'];
  readonly wire = {
    dto: PrisonMessageDto,
    examples: 'adapters/inbound/prison/fixtures',
  };

  parse(body: unknown): InboundParseResult {
    const read = parseWire(PrisonMessageDto, body, prisonCrossFieldErrors);
    if (!read.ok) return read;
    return { ok: true, sourceMessageId: read.value.eventId, commands: [toPrisonCommand(read.value)] };
  }
}
