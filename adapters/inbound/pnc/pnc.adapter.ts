import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { flattenValidationErrors } from '../../../src/common/validation-errors';
import type { InboundAdapter, InboundParseResult } from '../../../src/ingestion/inbound-adapter.port';
import { PncUpdateDto } from './pnc.dto';
import type { CountryCodes } from '../../../src/canonical/country-codes';
import { pncCountryErrors, pncCrossFieldErrors, toPncCommand } from './pnc.mapper';

/** Police national record updates (pnc.md): nominals, cautions, warning signals, notifications. */
export class PncAdapter implements InboundAdapter {
  readonly name = 'pnc';
  readonly agencyKind = 'POLICE' as const;
  readonly contentTypes = ['application/json'];

  /** `countries`: the ISO 3166 reference table a travel destination must be in. */
  constructor(private readonly countries: CountryCodes) {}

  parse(body: unknown): InboundParseResult {
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
      return { ok: false, errors: [{ path: '', message: 'the body must be a JSON object' }] };
    }
    const message = plainToInstance(PncUpdateDto, body);
    const fieldErrors = flattenValidationErrors(
      validateSync(message, {
        whitelist: true,
        forbidNonWhitelisted: true,
        validationError: { target: false, value: false },
      }),
    );
    const extra = [...pncCrossFieldErrors(message), ...pncCountryErrors(message, this.countries)].filter(
      (e) => !fieldErrors.some((f) => f.path === e.path),
    );
    const errors = [...fieldErrors, ...extra];
    if (errors.length) return { ok: false, errors };
    return { ok: true, sourceMessageId: message.updateId, commands: [toPncCommand(message)] };
  }
}
