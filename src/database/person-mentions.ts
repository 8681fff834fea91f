import type { SubjectRecord } from '../canonical/subject-record';

/**
 * How to recognise text about a person that no subject id links to them (a quarantined
 * message is refused before it is matched to anyone): any of their identifiers, as the sources
 * write them, or their surname together with their date of birth.
 */
export interface PersonMarks {
  identifiers: string[];
  surnames: string[];
  datesOfBirth: string[];
}

/** Shorter references are too likely to occur in someone else's text by chance. */
const MIN_REFERENCE_LENGTH = 5;

export function personMarks(record: Partial<SubjectRecord>, identifierValues: string[]): PersonMarks {
  const identifiers = new Set<string>();
  const add = (value: unknown) => {
    if (typeof value === 'string' && value.trim().length >= MIN_REFERENCE_LENGTH) identifiers.add(value.trim());
  };
  for (const value of [...identifierValues, ...(record.identifiers ?? []).map((i) => i.value)]) {
    add(value);
    for (const form of pncShortForms(value)) add(form);
  }
  for (const ref of record.sourceReferences ?? []) add(ref.value);
  const surnames = [
    ...new Set((record.names ?? []).map((n) => n.surname).filter((s) => typeof s === 'string' && s.length > 1)),
  ];
  const dob = record.dateOfBirth?.value;
  const datesOfBirth = dob ? dateFormats(dob) : [];
  return { identifiers: [...identifiers], surnames, datesOfBirth };
}

/** PNC ids are also written `YY/N…C` (short year, serial without its leading zeros). */
function pncShortForms(value: string): string[] {
  const m = /^\d{2}(\d{2})\/(\d{7})([A-Z])$/.exec(value);
  return m ? [`${m[1]}/${m[2]}${m[3]}`, `${m[1]}/${Number(m[2])}${m[3]}`] : [];
}

/** A civil date as the sources write it: ISO, UK day/month/year, and compact. */
function dateFormats(iso: string): string[] {
  const [y, m, d] = iso.split('-');
  return [iso, `${d}/${m}/${y}`, `${y}${m}${d}`];
}

function likeAny(values: string[]): string[] {
  return values.map((v) => `%${v.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
}

/**
 * A SQL condition on `column` (text) true when it mentions the person, with its parameters
 * numbered from `firstParam`. Never true for a person the hub knows nothing recognisable of.
 */
export function mentionsPersonSql(
  column: string,
  marks: PersonMarks,
  firstParam: number,
): { sql: string; params: string[][] } {
  const [ids, names, dobs] = [firstParam, firstParam + 1, firstParam + 2].map((n) => `$${n}::text[]`);
  return {
    sql: `(${column} ILIKE ANY(${ids}) OR (${column} ILIKE ANY(${names}) AND ${column} ILIKE ANY(${dobs})))`,
    params: [likeAny(marks.identifiers), likeAny(marks.surnames), likeAny(marks.datesOfBirth)],
  };
}
