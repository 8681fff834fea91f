import type { PersonClaim, PrisonChange, RecordPrisonUpdate } from '../../../src/canonical/commands';
import { normaliseIdentifier } from '../../../src/canonical/identifiers/identifier';
import type { IdentifierScheme } from '../../../src/canonical/subject-record';
import type { FieldError } from '../../../src/common/problem';
import { BODY_FIELD, PRISON_EVENT_TYPES, type PrisonMessageDto } from './prison.dto';

/** Exactly the body field of the event type, no other, and the release date the type needs. */
export function bodyFieldErrors(m: PrisonMessageDto): FieldError[] {
  if (!PRISON_EVENT_TYPES.includes(m.eventType)) return [];
  const expected = BODY_FIELD[m.eventType];
  const errors: FieldError[] = [];
  if (m[expected] === undefined) errors.push({ path: expected, message: `is required for ${m.eventType}` });
  for (const field of new Set(Object.values(BODY_FIELD))) {
    if (field !== expected && m[field] !== undefined)
      errors.push({ path: field, message: `is not allowed for ${m.eventType}` });
  }
  if (m.release && BODY_FIELD[m.eventType] === 'release') {
    const [needed, refused] =
      m.eventType === 'RELEASED' ? (['releasedOn', 'expectedOn'] as const) : (['expectedOn', 'releasedOn'] as const);
    if (m.release[needed] === undefined)
      errors.push({ path: `release.${needed}`, message: `is required for ${m.eventType}` });
    if (m.release[refused] !== undefined)
      errors.push({ path: `release.${refused}`, message: `is not allowed for ${m.eventType}` });
  }
  return errors;
}

/** Maps a validated prison message to its canonical command. */
export function toPrisonCommand(m: PrisonMessageDto): RecordPrisonUpdate {
  const { code, name, area } = m.establishment;
  return {
    kind: 'RECORD_PRISON_UPDATE',
    person: toPersonClaim(m),
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
      const address = r.address
        ? {
            address: {
              line1: r.address.line1,
              ...(r.address.line2 ? { line2: r.address.line2 } : {}),
              town: r.address.town,
              postcode: r.address.postcode.toUpperCase(),
              type: r.address.type,
              from: r.address.from,
            },
          }
        : {};
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

function toPersonClaim(m: PrisonMessageDto): PersonClaim {
  const p = m.person;
  // Validated already; normalised so that every source's spelling of an identifier meets.
  const claimed: [IdentifierScheme, string | undefined][] = [
    ['PNC', p.pncId],
    ['CRN', p.crn],
    ['NOMS', p.nomsNumber],
  ];
  const identifiers: { scheme: IdentifierScheme; value: string }[] = [];
  for (const [scheme, raw] of claimed) {
    const id = raw === undefined ? undefined : normaliseIdentifier(scheme, raw);
    if (id?.ok) identifiers.push({ scheme, value: id.value });
  }
  return {
    forenames: p.name.forenames.trim(),
    surname: p.name.surname.trim(),
    aliases: [],
    dateOfBirth: p.dateOfBirth,
    identifiers,
    statedAt: m.occurredAt,
  };
}
