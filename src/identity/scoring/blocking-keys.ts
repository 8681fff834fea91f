import { nameTokens, transposedDate } from './comparisons';
import type { MatchProfile } from './match-profile';
import { forenameCanonicals, surnameCanonicals } from './name-variants';
import { phoneticKey } from './phonetic-key';

/**
 * Blocking: only subjects sharing a key with the message are scored. A subject is filed under
 *   D:<date of birth>|<initial>                 (names changed or badly spelt)
 *   S:<surname sound>|<birth year>|<initial>    (day or month wrong)
 *   M:<surname sound>|<month-day>|<initial>     (year wrong)
 *   P:<postcode>|<birth year>                   (name changed and day or month wrong)
 *   N:<forename start>|<surname sound>          (date of birth wrong altogether)
 *   H:<surname sound>|<postcode>                (date of birth and forename both off: the household)
 * for every name, surname part and date of birth it holds. A message also looks under its
 * date of birth with day and month swapped. Forename initials are taken from the canonical
 * names too, so Bob finds Robert. The D key's initial is that of any name part (forenames,
 * surname), so one part surviving a typo, a marriage or a swap finds the subject, while a date
 * of birth alone (some 35 subjects a day in a million) is too big a block. The forename start
 * is the first four letters of the forenames run together (ISAB ELLE and ISABELLE agree), and
 * of each canonical name. A key shared by more subjects than maxBlockSize (JOHN SMITH with no
 * date of birth) is skipped when fetching (match-profile-store.ts), which bounds the candidates.
 * Measured at a million subjects: docs/performance.md.
 */
/** Bumped whenever the keys change: profiles filed under an older version are re-keyed at start-up. */
export const BLOCKING_KEYS_VERSION = 2;

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

/** The first letter of every name part (forenames, surname, a canonical forename): any one surviving a change finds the subject. */
function nameInitials(profile: MatchProfile): string[] {
  const out = new Set<string>();
  for (const name of profile.names) {
    for (const initial of initials(name.forenames)) out.add(initial);
    for (const part of [...nameTokens(name.forenames), ...nameTokens(name.surname)]) out.add(part[0]);
  }
  return [...out];
}

function keys(profile: MatchProfile, probe: boolean): string[] {
  const out = new Set<string>();
  const anyInitial = nameInitials(profile);
  for (const name of profile.names) {
    for (const sound of surnameSounds(name.surname)) {
      for (const start of forenameStarts(name.forenames)) out.add(`N:${start}|${sound}`);
      for (const postcode of profile.postcodes) out.add(`H:${sound}|${postcode}`);
    }
  }
  for (const dob of profile.datesOfBirth) {
    const swapped = probe ? transposedDate(dob) : null;
    for (const initial of anyInitial) {
      out.add(`D:${dob}|${initial}`);
      if (swapped) out.add(`D:${swapped}|${initial}`);
    }
    const year = dob.slice(0, 4);
    const monthDay = dob.slice(5);
    for (const name of profile.names) {
      for (const sound of surnameSounds(name.surname)) {
        for (const initial of initials(name.forenames)) {
          out.add(`S:${sound}|${year}|${initial}`);
          out.add(`M:${sound}|${monthDay}|${initial}`);
        }
      }
    }
    for (const postcode of profile.postcodes) out.add(`P:${postcode}|${year}`);
  }
  return [...out];
}
