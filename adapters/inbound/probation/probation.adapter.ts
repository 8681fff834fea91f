import { parseWire } from '../../../src/common/validation/parse-wire';
import type { InboundAdapter, InboundParseResult } from '../../../src/ingestion/inbound-adapter.port';
import { ProbationMessageDto } from './probation.dto';
import { probationCrossFieldErrors, toProbationCommand } from './probation.mapper';

/** Probation case-management events (probation.md): risk, MAPPA, licence, manager, address, custody, supervision, transfers, risk management plans. */
export class ProbationAdapter implements InboundAdapter {
  readonly name = 'probation';
  readonly agencyKind = 'PROBATION';
  readonly provenanceKind = 'PROBATION';
  readonly contentTypes = ['application/json'];
  readonly wire = {
    dto: ProbationMessageDto,
    examples: 'adapters/inbound/probation/fixtures',
  };

  parse(body: unknown): InboundParseResult {
    const read = parseWire(ProbationMessageDto, body, probationCrossFieldErrors);
    if (!read.ok) return read;
    return { ok: true, sourceMessageId: read.value.eventId, commands: [toProbationCommand(read.value)] };
  }
}
