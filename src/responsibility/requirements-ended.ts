import type { CivilDate } from '../canonical/civil-date';
import type { DomainEvent } from '../canonical/event-types';
import type { SubjectRecord } from '../canonical/subject-record';
import { requirementsInForce } from './apply-responsibility';
import { currentAreas, currentFacts } from './responsibility-facts';

/**
 * A police force manages a person because of their notification requirements
 * (responsibility.md): when the last of them ends by the passing of time (the clock raises
 * `registration.ended`, no message arrives), POLICE_MANAGER ends that day. Returns the record
 * with the period closed, and `responsibility.changed` when that moved the current areas; null
 * when nothing ends. (A message after the end closes it the same way, in apply-responsibility.)
 */
export function endPoliceManagement(
  record: SubjectRecord,
  today: CivilDate,
): { record: SubjectRecord; event: DomainEvent | null } | null {
  if (requirementsInForce(record, today)) return null;
  const after = structuredClone(record);
  const open = (after.responsibility ?? []).filter((f) => f.kind === 'POLICE_MANAGER' && f.to === undefined);
  if (!open.length) return null;
  for (const f of open) f.to = today < f.from ? f.from : today;
  const before = currentAreas(record);
  const now = currentAreas(after);
  const moved = before.length !== now.length || before.some((a, i) => a !== now[i]);
  return {
    record: after,
    event: moved
      ? {
          type: 'responsibility.changed',
          data: {
            responsibility: { before, after: now, reason: 'REQUIREMENTS_ENDED', facts: currentFacts(after) },
          },
        }
      : null,
  };
}
