import type { EntityManager } from 'typeorm';
import { ProblemException } from '../common/problem';
import type { StoredSubject, SubjectRepository } from '../subjects/subject.repository';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(id: string): boolean {
  return UUID.test(id);
}

/**
 * Both subjects of a merge or unmerge, locked in id order (no deadlock with another merge of
 * the same pair); 404 for an unknown or erased one, naming `otherPath` when it is the other.
 */
export async function lockPair(
  subjects: SubjectRepository,
  m: EntityManager,
  survivorId: string,
  otherId: string,
  otherPath: string,
): Promise<[StoredSubject, StoredSubject]> {
  const notFound = (path: string | null) =>
    new ProblemException(
      'SUBJECT_NOT_FOUND',
      'No subject has that id',
      path ? [{ path, message: 'is not a subject the hub holds' }] : undefined,
    );
  if (!isUuid(survivorId)) throw notFound(null);
  if (!isUuid(otherId)) throw notFound(otherPath);
  const live = await subjects.lockLive(m, [survivorId, otherId]);
  if (!live.has(survivorId.toLowerCase())) throw notFound(null);
  if (!live.has(otherId.toLowerCase())) throw notFound(otherPath);
  return [await subjects.lockForUpdate(m, survivorId), await subjects.lockForUpdate(m, otherId)];
}
