import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { flattenValidationErrors } from '../../../src/common/validation-errors';
import type { InboundAdapter, InboundParseResult } from '../../../src/ingestion/inbound-adapter.port';
import { ProbationMessageDto } from './probation.dto';
import { bodyFieldErrors, toProbationCommand } from './probation.mapper';

/** Probation case-management events (probation.md): risk, MAPPA, licence, manager, address, custody, supervision, transfers, risk management plans. */
export class ProbationAdapter implements InboundAdapter {
  readonly name = 'probation';
  readonly agencyKind = 'PROBATION' as const;
  readonly contentTypes = ['application/json'];

  parse(body: unknown): InboundParseResult {
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
      return { ok: false, errors: [{ path: '', message: 'the body must be a JSON object' }] };
    }
    const message = plainToInstance(ProbationMessageDto, body);
    const fieldErrors = flattenValidationErrors(
      validateSync(message, {
        whitelist: true,
        forbidNonWhitelisted: true,
        validationError: { target: false, value: false },
      }),
    );
    // A body-field rule about a field already named adds nothing.
    const extra = bodyFieldErrors(message).filter((e) => !fieldErrors.some((f) => f.path === e.path));
    const errors = [...fieldErrors, ...extra];
    if (errors.length) return { ok: false, errors };
    return { ok: true, sourceMessageId: message.eventId, commands: [toProbationCommand(message)] };
  }
}
