import type { SubjectRecord } from '../canonical/subject-record';
import type { DeadlineKind } from '../rules/deadline-rules';
import { mappaActionRef } from '../rules/deadlines';

/** The MAPPA action a deadline is the clock of, as its events carry it (who owes it, who chaired). */
export function mappaDeadlineAction(
  record: SubjectRecord,
  kind: DeadlineKind,
  ref: string,
): { meetingId: string; actionId: string; owner: string; chair: string } | null {
  if (kind !== 'MAPPA_ACTION' && kind !== 'MAPPA_ACTION_ESCALATED') return null;
  for (const meeting of record.mappaMeetings ?? []) {
    const action = meeting.actions.find((a) => mappaActionRef(meeting.meetingId, a.actionId) === ref);
    if (action)
      return {
        meetingId: meeting.meetingId,
        actionId: action.actionId,
        owner: action.owner.agency,
        chair: meeting.chair.agency,
      };
  }
  return null;
}

/**
 * Who a MAPPA action's clock is addressed to (mappa.md): the owner while it is theirs to do,
 * the chairing agency once it is escalated. Null for every other clock: whoever agreements allow.
 */
export function mappaDeadlineAudience(record: SubjectRecord, kind: DeadlineKind, ref: string): string[] | null {
  const action = mappaDeadlineAction(record, kind, ref);
  if (!action) return null;
  return [kind === 'MAPPA_ACTION' ? action.owner : action.chair];
}
