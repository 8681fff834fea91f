import { parseWire } from '../../../src/common/validation/parse-wire';
import type { InboundAdapter, InboundContext, InboundParseResult } from '../../../src/ingestion/inbound-adapter.port';
import { CourtOutcomeDto } from './court-outcome.dto';
import { toCanonicalCommand } from './court-outcome.mapper';
import type { CountryCodes } from '../../../src/canonical/country-codes';
import { countryErrors, crossFieldErrors } from './court-outcome.rules';

/** Court case systems' results (court-outcomes.md): HEARING_RESULTED, ORDER_VARIED, ORDER_DISCHARGED. */
export class CourtOutcomesAdapter implements InboundAdapter {
  readonly name = 'court-outcomes';
  readonly agencyKind = 'COURT';
  readonly provenanceKind = 'COURT';
  readonly contentTypes = ['application/json'];
  readonly wire = {
    dto: CourtOutcomeDto,
    examples: 'adapters/inbound/court-outcomes/fixtures',
  };

  /** `countries`: the ISO 3166 reference table prohibited countries and nationality must be in. */
  constructor(private readonly countries: CountryCodes) {}

  parse(body: unknown, context: InboundContext): InboundParseResult {
    const read = parseWire(CourtOutcomeDto, body, (dto) => [
      ...crossFieldErrors(dto),
      ...countryErrors(dto, this.countries),
    ]);
    if (!read.ok) return read;
    const message = read.value;
    return { ok: true, sourceMessageId: message.messageId, commands: [toCanonicalCommand(message, context.agencyId)] };
  }
}
