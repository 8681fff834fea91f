/**
 * The form names are compared in: diacritics removed, upper case, spaces, hyphens and
 * apostrophes dropped ("Siobhán O'Connor-Nwosu" and "SIOBHAN OCONNOR NWOSU" agree).
 */
export function normaliseNamePart(value: string): string {
  return value
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toUpperCase()
    .replace(/[\s\-'’.]/g, '');
}

export function nameKey(name: { forenames: string; surname: string }): string {
  return `${normaliseNamePart(name.surname)}|${normaliseNamePart(name.forenames)}`;
}
