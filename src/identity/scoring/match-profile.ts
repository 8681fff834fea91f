import type { PersonClaim } from '../../canonical/commands';
import { SINGLE_VALUED_SCHEMES } from './single-valued-schemes';

export interface MatchName {
  forenames: string;
  surname: string;
}

/**
 * What is compared about a person: a message's claim, or a subject as the hub has come to
 * know it (every name and alias, every date of birth and postcode it was given).
 */
export interface MatchProfile {
  names: MatchName[];
  datesOfBirth: string[];
  /** M or F; anything else is unknown and neither for nor against. */
  sex?: 'M' | 'F';
  /** Upper case, no spaces. */
  postcodes: string[];
  /** Single-valued identifiers (PNC, CRO, CRN, NOMS, NINO): a different value means a different person. */
  identifiers: { scheme: string; value: string }[];
}

export function normalisePostcode(postcode: string | undefined): string | undefined {
  const p = postcode?.toUpperCase().replace(/[^A-Z0-9]/g, '');
  return p && p.length >= 5 && p.length <= 7 ? p : undefined;
}

/** The profile of a message's person: primary name first, then aliases. */
export function profileOfClaim(person: PersonClaim): MatchProfile {
  const postcode = normalisePostcode(person.address?.postcode);
  return {
    names: [
      { forenames: person.forenames, surname: person.surname },
      ...person.aliases.map((a) => ({ forenames: a.forenames, surname: a.surname })),
    ],
    datesOfBirth: [person.dateOfBirth],
    ...(person.sex === 'M' || person.sex === 'F' ? { sex: person.sex } : {}),
    postcodes: postcode ? [postcode] : [],
    identifiers: person.identifiers
      .filter((i) => SINGLE_VALUED_SCHEMES.includes(i.scheme))
      .map((i) => ({ scheme: i.scheme, value: i.value })),
  };
}
