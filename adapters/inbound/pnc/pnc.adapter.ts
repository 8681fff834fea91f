import { parseWire } from '../../../src/common/validation/parse-wire';
import type { InboundAdapter, InboundParseResult } from '../../../src/ingestion/inbound-adapter.port';
import { PncUpdateDto } from './pnc.dto';
import type { CountryCodes } from '../../../src/canonical/country-codes';
import { pncCountryErrors, pncCrossFieldErrors, toPncCommand } from './pnc.mapper';

/** Police national record updates (pnc.md): nominals, cautions, warning signals, notifications; risk management plans (mappa.md). */
export class PncAdapter implements InboundAdapter {
  readonly name = 'pnc';
  readonly agencyKind = 'POLICE';
  readonly provenanceKind = 'PNC';
  readonly contentTypes = ['application/json'];
  readonly wire = {
    dto: PncUpdateDto,
    examples: 'adapters/inbound/pnc/fixtures',
  };

  /** `countries`: the ISO 3166 reference table a travel destination must be in. */
  constructor(private readonly countries: CountryCodes) {}

  parse(body: unknown): InboundParseResult {
    const read = parseWire(PncUpdateDto, body, (dto) => [
      ...pncCrossFieldErrors(dto),
      ...pncCountryErrors(dto, this.countries),
    ]);
    if (!read.ok) return read;
    return { ok: true, sourceMessageId: read.value.updateId, commands: [toPncCommand(read.value)] };
  }
}
