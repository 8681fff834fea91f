import type { PersonClaim } from '../../../src/canonical/commands';
import { normaliseIdentifier } from '../../../src/canonical/identifiers/identifier';
import type { IdentifierScheme } from '../../../src/canonical/subject-record';
import type { PersonNameDto, TypedAddressDto } from './hmpps-person.dto';

/** The person as probation and prison messages name them: PNC id, CRN and NOMS number, any of which may be absent. */
export interface HmppsPerson {
  pncId?: string;
  crn?: string;
  nomsNumber?: string;
  name: PersonNameDto;
  dateOfBirth: string;
}

export function toPersonClaim(p: HmppsPerson, statedAt: string): PersonClaim {
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
    statedAt,
  };
}

export function toTypedAddress(a: TypedAddressDto) {
  return {
    line1: a.line1,
    ...(a.line2 ? { line2: a.line2 } : {}),
    town: a.town,
    postcode: a.postcode.toUpperCase(),
    type: a.type,
    from: a.from,
  };
}
