import type { SubjectRecord } from './subject-record';

/** What of a person's identity changed: what HMPO matches passport applications on. */
export type IdentityChange = 'NAME' | 'ALIAS' | 'DATE_OF_BIRTH' | 'PASSPORT';

const namesOf = (record: SubjectRecord, type: 'PRIMARY' | 'ALIAS') =>
  record.names
    .filter((n) => n.type === type)
    .map((n) => `${n.surname}|${n.forenames}`)
    .sort();
const passportsOf = (record: SubjectRecord) =>
  record.identifiers
    .filter((i) => i.scheme === 'PASSPORT')
    .map((i) => i.value)
    .sort();

/**
 * The identity a watch entry is lodged with, as one comparable string: names (primary and
 * aliases), date of birth, passport numbers. A watch entry lodged under another key is stale:
 * HMPO would miss an application in the new name, alias or passport.
 */
export function identityKey(record: SubjectRecord): string {
  return JSON.stringify([
    namesOf(record, 'PRIMARY'),
    namesOf(record, 'ALIAS'),
    record.dateOfBirth?.value ?? null,
    passportsOf(record),
  ]);
}

/** Which parts of the identity differ between two versions of a record (none: the same person as before). */
export function identityChanges(before: SubjectRecord, after: SubjectRecord): IdentityChange[] {
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  const changes: IdentityChange[] = [];
  if (!same(namesOf(before, 'PRIMARY'), namesOf(after, 'PRIMARY'))) changes.push('NAME');
  if (!same(namesOf(before, 'ALIAS'), namesOf(after, 'ALIAS'))) changes.push('ALIAS');
  if ((before.dateOfBirth?.value ?? null) !== (after.dateOfBirth?.value ?? null)) changes.push('DATE_OF_BIRTH');
  if (!same(passportsOf(before), passportsOf(after))) changes.push('PASSPORT');
  return changes;
}
