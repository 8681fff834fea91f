import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { flattenValidationErrors } from '../../../src/common/validation-errors';
import type { InboundAdapter, InboundParseResult } from '../../../src/ingestion/inbound-adapter.port';
import { PrisonMessageDto } from './prison.dto';
import { bodyFieldErrors, toPrisonCommand } from './prison.mapper';

/** Prison custody events (prison.md): reception, transfer, release date set, release. */
export class PrisonAdapter implements InboundAdapter {
  readonly name = 'prison';
  readonly agencyKind = 'PRISON' as const;
  readonly contentTypes = ['application/json'];

  parse(body: unknown): InboundParseResult {
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
      return { ok: false, errors: [{ path: '', message: 'the body must be a JSON object' }] };
    }
    const message = plainToInstance(PrisonMessageDto, body);
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
    return { ok: true, sourceMessageId: message.eventId, commands: [toPrisonCommand(message)] };
  }
}
