import { parseWire } from '../../../src/common/validation/parse-wire';
import type { InboundAdapter, InboundContext, InboundParseResult } from '../../../src/ingestion/inbound-adapter.port';
import { MappaMessageDto } from './mappa.dto';
import { messageRuleErrors, toActionUpdateCommand, toMeetingCommand } from './mappa.mapper';
import { withholdVictimSection } from './victim-section';

/** A MAPPA unit's minutes and action updates (mappa.md). */
export class MappaAdapter implements InboundAdapter {
  readonly name = 'mappa';
  readonly agencyKind = 'MAPPA_UNIT' as const;
  readonly provenanceKind = 'MAPPA' as const;
  readonly contentTypes = ['application/json'];
  readonly wire = {
    dto: MappaMessageDto,
    examples: 'adapters/inbound/mappa/fixtures',
  };

  parse(body: unknown, context: InboundContext): InboundParseResult {
    const read = parseWire(MappaMessageDto, body, (m) => messageRuleErrors(m, context));
    if (!read.ok) return read;
    const message = read.value;
    const command = message.eventType === 'MEETING_HELD' ? toMeetingCommand(message) : toActionUpdateCommand(message);
    return { ok: true, sourceMessageId: message.eventId, commands: [command] };
  }

  withhold(body: unknown, raw: Buffer): Buffer | null {
    return withholdVictimSection(body, raw);
  }
}
