import { nameTokens, transposedDate } from './comparisons';
import type { MatchProfile } from './match-profile';
import { forenameCanonicals, surnameCanonicals } from './name-variants';
import { phoneticKey } from './phonetic-key';

/**
 * Blocking: only subjects sharing a key with the message are scored. A subject is filed under
 *   D:<date of birth>                           (names changed or badly spelt)
 *   S:<surname sound>|<birth year>|<initial>    (day or month wrong)
 *   M:<surname sound>|<month-day>               (year wrong)
 *   P:<postcode>|<birth year>                   (name changed and day or month wrong)
 *   N:<forename start>|<surname sound>          (date of birth wrong altogether)
 *   H:<surname sound>|<postcode>                (date of birth and forename both off: the household)
 * for every name, surname part and date of birth it holds. A message also looks under its
 * date of birth with day and month swapped. Forename initials are taken from the canonical
 * names too, so Bob finds Robert. The forename start is the first four letters of the
 * forenames run together (ISAB ELLE and ISABELLE agree), and of each canonical name.
 * The name-only keys are common for a common name: a key shared by more subjects than
 * maxBlockSize is skipped when fetching (match-profile-store.ts), which bounds the candidates.
 */
export function subjectBlockingKeys(profile: MatchProfile): string[] {
  return keys(profile, false);
}

export function probeBlockingKeys(profile: MatchProfile): string[] {
  return keys(profile, true);
}

function surnameSounds(surname: string): string[] {
  const parts = nameTokens(surname);
  const whole = parts.join('');
  const spellings = [
    whole,
    ...(parts.length > 1 ? parts.filter((p) => p.length > 2) : []),
    ...surnameCanonicals(whole),
  ];
  return [...new Set(spellings.map(phoneticKey).filter((k) => k.length > 0))];
}

function initials(forenames: string): string[] {
  const first = nameTokens(forenames)[0];
  if (!first) return [];
  return [...new Set([first, ...forenameCanonicals(first)].map((n) => n[0]))];
}

function forenameStarts(forenames: string): string[] {
  const parts = nameTokens(forenames);
  if (!parts.length) return [];
  return [...new Set([parts.join(''), ...forenameCanonicals(parts[0])].map((n) => n.slice(0, 4)))];
}

function keys(profile: MatchProfile, probe: boolean): string[] {
  const out = new Set<string>();
  for (const name of profile.names) {
    for (const sound of surnameSounds(name.surname)) {
      for (const start of forenameStarts(name.forenames)) out.add(`N:${start}|${sound}`);
      for (const postcode of profile.postcodes) out.add(`H:${sound}|${postcode}`);
    }
  }
  for (const dob of profile.datesOfBirth) {
    out.add(`D:${dob}`);
    const swapped = probe ? transposedDate(dob) : null;
    if (swapped) out.add(`D:${swapped}`);
    const year = dob.slice(0, 4);
    const monthDay = dob.slice(5);
    for (const name of profile.names) {
      for (const sound of surnameSounds(name.surname)) {
        for (const initial of initials(name.forenames)) out.add(`S:${sound}|${year}|${initial}`);
        out.add(`M:${sound}|${monthDay}`);
      }
    }
    for (const postcode of profile.postcodes) out.add(`P:${postcode}|${year}`);
  }
  return [...out];
}
