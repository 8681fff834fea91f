import type { SubjectRecord } from '../canonical/subject-record';

/** Who the subject is, as events carry it under `subject` (names, date of birth, identifiers, address). */
export function subjectSnapshot(record: SubjectRecord): Record<string, unknown> {
  return {
    names: record.names,
    dateOfBirth: record.dateOfBirth?.value ?? null,
    identifiers: record.identifiers,
    address: record.address,
  };
}
