import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { flattenValidationErrors } from '../../../src/common/validation-errors';
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

  parse(body: unknown, context: InboundContext): InboundParseResult {
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
      return { ok: false, errors: [{ path: '', message: 'the body must be a JSON object' }] };
    }
    const message = plainToInstance(MappaMessageDto, body);
    const fieldErrors = flattenValidationErrors(
      validateSync(message, {
        whitelist: true,
        forbidNonWhitelisted: true,
        validationError: { target: false, value: false },
      }),
    );
    // A rule about a field already named adds nothing.
    const extra = messageRuleErrors(message, context).filter((e) => !fieldErrors.some((f) => f.path === e.path));
    const errors = [...fieldErrors, ...extra];
    if (errors.length) return { ok: false, errors };
    const command = message.eventType === 'MEETING_HELD' ? toMeetingCommand(message) : toActionUpdateCommand(message);
    return { ok: true, sourceMessageId: message.eventId, commands: [command] };
  }

  withhold(body: unknown, raw: Buffer): Buffer | null {
    return withholdVictimSection(body, raw);
  }
}
