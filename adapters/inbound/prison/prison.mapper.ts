import type { PrisonChange, RecordPrisonUpdate } from '../../../src/canonical/commands';
import type { FieldError } from '../../../src/common/problem';
import { bodyFieldErrors, fieldsForTypeErrors } from '../../../src/common/validation/body-fields';
import { toPersonClaim, toTypedAddress } from '../hmpps/hmpps-person.mapper';
import { BODY_FIELD, type PrisonMessageDto } from './prison.dto';

/** Exactly the body field of the event type, no other (prison.md), and the release date the type needs. */
export function prisonCrossFieldErrors(m: PrisonMessageDto): FieldError[] {
  const errors = bodyFieldErrors(m, m.eventType, BODY_FIELD);
  if (m.release && m.eventType === 'RELEASED')
    errors.push(...fieldsForTypeErrors(m.release, 'release', m.eventType, ['releasedOn'], ['expectedOn']));
  if (m.release && m.eventType === 'RELEASE_DATE_SET')
    errors.push(...fieldsForTypeErrors(m.release, 'release', m.eventType, ['expectedOn'], ['releasedOn']));
  return errors;
}

/** Maps a validated prison message to its canonical command. */
export function toPrisonCommand(m: PrisonMessageDto): RecordPrisonUpdate {
  const { code, name, area } = m.establishment;
  return {
    kind: 'RECORD_PRISON_UPDATE',
    person: toPersonClaim(m.person, m.occurredAt),
    eventId: m.eventId,
    establishment: { code, name, area },
    change: toChange(m),
  };
}

function toChange(m: PrisonMessageDto): PrisonChange {
  switch (m.eventType) {
    case 'RECEPTION':
      return { type: 'RECEPTION', receivedOn: m.custody!.receivedOn, reason: m.custody!.reason };
    case 'TRANSFERRED': {
      const { code, name, area } = m.transfer!.to;
      return { type: 'TRANSFERRED', transferredOn: m.transfer!.transferredOn, to: { code, name, area } };
    }
    case 'RELEASE_DATE_SET':
    case 'RELEASED': {
      const r = m.release!;
      const address = r.address ? { address: toTypedAddress(r.address) } : {};
      return m.eventType === 'RELEASED'
        ? { type: 'RELEASED', releasedOn: r.releasedOn!, releaseType: r.type, releaseArea: r.releaseArea, ...address }
        : {
            type: 'RELEASE_DATE_SET',
            expectedOn: r.expectedOn!,
            releaseType: r.type,
            releaseArea: r.releaseArea,
            ...address,
          };
    }
  }
}
