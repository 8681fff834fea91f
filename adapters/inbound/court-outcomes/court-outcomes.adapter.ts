import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { flattenValidationErrors } from '../../../src/common/validation-errors';
import type { InboundAdapter, InboundContext, InboundParseResult } from '../../../src/ingestion/inbound-adapter.port';
import { CourtOutcomeDto } from './court-outcome.dto';
import { toCanonicalCommand } from './court-outcome.mapper';
import type { CountryCodes } from '../../../src/canonical/country-codes';
import { countryErrors, crossFieldErrors } from './court-outcome.rules';

/** Court case systems' results (court-outcomes.md): HEARING_RESULTED, ORDER_VARIED, ORDER_DISCHARGED. */
export class CourtOutcomesAdapter implements InboundAdapter {
  readonly name = 'court-outcomes';
  readonly agencyKind = 'COURT' as const;
  readonly contentTypes = ['application/json'];

  /** `countries`: the ISO 3166 reference table prohibited countries and nationality must be in. */
  constructor(private readonly countries: CountryCodes) {}

  parse(body: unknown, context: InboundContext): InboundParseResult {
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
      return { ok: false, errors: [{ path: '', message: 'the body must be a JSON object' }] };
    }
    const message = plainToInstance(CourtOutcomeDto, body);
    const fieldErrors = flattenValidationErrors(
      validateSync(message, {
        whitelist: true,
        forbidNonWhitelisted: true,
        validationError: { target: false, value: false },
      }),
    );
    const errors = [
      ...fieldErrors,
      ...safeCrossFieldErrors(message, fieldErrors),
      ...countryErrors(message, this.countries),
    ];
    if (errors.length) return { ok: false, errors };
    return { ok: true, sourceMessageId: message.messageId, commands: [toCanonicalCommand(message, context.agencyId)] };
  }
}

/**
 * Cross-field rules, reported alongside field errors so one reply names everything wrong;
 * a rule whose fields are themselves malformed is skipped (that field is already named).
 */
function safeCrossFieldErrors(message: CourtOutcomeDto, fieldErrors: { path: string }[]) {
  let extra;
  try {
    extra = crossFieldErrors(message);
  } catch {
    return [];
  }
  const named = new Set(fieldErrors.map((e) => e.path));
  return extra.filter(
    (e) => ![...named].some((p) => e.path === p || e.path.startsWith(`${p}.`) || e.path.startsWith(`${p}[`)),
  );
}
