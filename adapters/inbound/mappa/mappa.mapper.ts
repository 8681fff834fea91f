import type { RecordMappaActionUpdate, RecordMappaMeeting } from '../../../src/canonical/commands';
import type { FieldError } from '../../../src/common/problem';
import type { InboundContext } from '../../../src/ingestion/inbound-adapter.port';
import { toPersonClaim } from '../hmpps/hmpps-person.mapper';
import { BODY_FIELD, MAPPA_EVENT_TYPES, type MappaMessageDto } from './mappa.dto';

/**
 * The rules one field's decorators cannot say: exactly the body field of the event type, at
 * least one identifier, agencies the hub knows, the sender's own area, action ids unique in a
 * meeting and no action due before the meeting that decided it.
 */
export function messageRuleErrors(m: MappaMessageDto, context: InboundContext): FieldError[] {
  const errors: FieldError[] = [];
  if (m.person && !m.person.pncId && !m.person.crn && !m.person.nomsNumber)
    errors.push({ path: 'person', message: 'needs pncId, crn or nomsNumber: a minute is never linked by name alone' });
  if (context.agencyAreas && typeof m.area === 'string' && !context.agencyAreas.includes(m.area))
    errors.push({ path: 'area', message: 'is not an area this MAPPA unit serves' });
  if (!MAPPA_EVENT_TYPES.includes(m.eventType)) return errors;
  const expected = BODY_FIELD[m.eventType];
  if (m[expected] === undefined) errors.push({ path: expected, message: `is required for ${m.eventType}` });
  for (const field of new Set(Object.values(BODY_FIELD))) {
    if (field !== expected && m[field] !== undefined)
      errors.push({ path: field, message: `is not allowed for ${m.eventType}` });
  }
  const meeting = m.eventType === 'MEETING_HELD' ? m.meeting : undefined;
  if (!meeting) return errors;
  const known = (path: string, agency: unknown) => {
    if (typeof agency === 'string' && context.knownAgencies && !context.knownAgencies.has(agency))
      errors.push({ path, message: 'is not an agency the hub knows' });
  };
  known('meeting.chair.agency', meeting.chair?.agency);
  (Array.isArray(meeting.attendees) ? meeting.attendees : []).forEach((a, i) =>
    known(`meeting.attendees[${i}].agency`, a?.agency),
  );
  const seen = new Set<string>();
  (Array.isArray(meeting.actions) ? meeting.actions : []).forEach((a, i) => {
    known(`meeting.actions[${i}].owner.agency`, a?.owner?.agency);
    if (typeof a?.actionId === 'string') {
      if (seen.has(a.actionId))
        errors.push({ path: `meeting.actions[${i}].actionId`, message: 'appears twice in this meeting' });
      seen.add(a.actionId);
    }
    if (typeof a?.dueOn === 'string' && typeof meeting.heldOn === 'string' && a.dueOn < meeting.heldOn)
      errors.push({ path: `meeting.actions[${i}].dueOn`, message: 'is before the meeting was held' });
  });
  if (
    typeof meeting.nextReviewOn === 'string' &&
    typeof meeting.heldOn === 'string' &&
    meeting.nextReviewOn < meeting.heldOn
  )
    errors.push({ path: 'meeting.nextReviewOn', message: 'is before the meeting was held' });
  return errors;
}

/** Maps a validated MEETING_HELD; the victim section is left behind (it never joins a command). */
export function toMeetingCommand(m: MappaMessageDto): RecordMappaMeeting {
  const meeting = m.meeting!;
  return {
    kind: 'RECORD_MAPPA_MEETING',
    person: toPersonClaim(m.person, m.occurredAt),
    eventId: m.eventId,
    meeting: {
      meetingId: meeting.meetingId,
      area: m.area,
      heldOn: meeting.heldOn,
      level: meeting.level,
      chair: { name: meeting.chair.name, agency: meeting.chair.agency },
      attendees: meeting.attendees.map(participant),
      riskSummary: meeting.riskSummary,
      decisions: [...meeting.decisions],
      actions: meeting.actions.map((a) => ({
        actionId: a.actionId,
        description: a.description,
        owner: participant(a.owner),
        dueOn: a.dueOn,
      })),
      ...(meeting.nextReviewOn ? { nextReviewOn: meeting.nextReviewOn } : {}),
    },
  };
}

export function toActionUpdateCommand(m: MappaMessageDto): RecordMappaActionUpdate {
  const a = m.action!;
  return {
    kind: 'RECORD_MAPPA_ACTION_UPDATE',
    person: toPersonClaim(m.person, m.occurredAt),
    eventId: m.eventId,
    update: {
      meetingId: a.meetingId,
      actionId: a.actionId,
      status: a.status,
      ...(a.note !== undefined ? { note: a.note } : {}),
      updatedOn: a.updatedOn,
    },
  };
}

function participant(p: { agency: string; name?: string; role?: string }) {
  return { agency: p.agency, ...(p.name ? { name: p.name } : {}), ...(p.role ? { role: p.role } : {}) };
}
