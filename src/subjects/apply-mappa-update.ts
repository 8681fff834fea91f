import type { MappaCommand, RecordMappaActionUpdate, RecordMappaMeeting } from '../canonical/commands';
import type { DomainEvent } from '../canonical/event-types';
import type { Provenance } from '../canonical/provenance';
import type { MappaAction, MappaMeeting, SubjectRecord } from '../canonical/subject-record';
import type { FieldError } from '../common/problem';

/**
 * What a MAPPA command may not do to this record, as the fields to name (mappa.md). Checked by
 * ingestion before the command is applied, so a refused minute or update is quarantined whole:
 * a minute already recorded, an update about an action the record does not hold, or one
 * dated before the meeting or before the action's last change (out of order).
 */
export function mappaCommandErrors(record: SubjectRecord, command: MappaCommand, unit: string): FieldError[] {
  const meetings = record.mappaMeetings ?? [];
  if (command.kind === 'RECORD_MAPPA_MEETING') {
    const held = meetings.some((m) => m.unit === unit && m.meetingId === command.meeting.meetingId);
    return held ? [{ path: 'meeting.meetingId', message: 'is already recorded for this person' }] : [];
  }
  const { meetingId, actionId, updatedOn } = command.update;
  const meeting = meetings.find((m) => m.meetingId === meetingId);
  if (!meeting) return [{ path: 'action.meetingId', message: 'is not a meeting the hub holds for this person' }];
  const action = meeting.actions.find((a) => a.actionId === actionId);
  if (!action) return [{ path: 'action.actionId', message: 'is not an action of that meeting' }];
  if (updatedOn < meeting.heldOn) return [{ path: 'action.updatedOn', message: 'is before the meeting was held' }];
  if (action.updatedOn && updatedOn < action.updatedOn)
    return [{ path: 'action.updatedOn', message: "is before the action's last update" }];
  return [];
}

/** The action as its events and reads show it: with the meeting it came from. */
export function mappaActionView(meeting: MappaMeeting, action: MappaAction): Record<string, unknown> {
  return {
    meetingId: meeting.meetingId,
    area: meeting.area,
    heldOn: meeting.heldOn,
    chair: meeting.chair,
    ...action,
  };
}

/** Folds a MAPPA unit's minute or an action's change into the record and returns its events. */
export function applyMappaUpdate(record: SubjectRecord, command: MappaCommand, provenance: Provenance): DomainEvent[] {
  return command.kind === 'RECORD_MAPPA_MEETING'
    ? recordMeeting(record, command, provenance)
    : updateAction(record, command, provenance);
}

function recordMeeting(record: SubjectRecord, command: RecordMappaMeeting, provenance: Provenance): DomainEvent[] {
  const meetings = (record.mappaMeetings ??= []);
  if (meetings.some((m) => m.unit === provenance.agency && m.meetingId === command.meeting.meetingId)) return [];
  const meeting: MappaMeeting = {
    ...command.meeting,
    unit: provenance.agency,
    actions: command.meeting.actions.map((a) => ({ ...a, status: 'OPEN', provenance })),
    provenance,
  };
  meetings.push(meeting);
  meetings.sort((a, b) => b.heldOn.localeCompare(a.heldOn));
  return [
    { type: 'mappa.meeting.held', data: { mappa: { meetings: meeting } } },
    ...meeting.actions.map((a): DomainEvent => ({
      type: 'mappa.action.assigned',
      data: { mappa: { actions: mappaActionView(meeting, a) } },
    })),
  ];
}

function updateAction(record: SubjectRecord, command: RecordMappaActionUpdate, provenance: Provenance): DomainEvent[] {
  const { meetingId, actionId, status, note, updatedOn } = command.update;
  const meeting = record.mappaMeetings?.find((m) => m.meetingId === meetingId);
  const action = meeting?.actions.find((a) => a.actionId === actionId);
  // Checked before applying (mappaCommandErrors); a replay of a later-split record may lack it.
  if (!meeting || !action) return [];
  const changed = action.status !== status;
  action.status = status;
  action.updatedOn = updatedOn;
  action.updatedBy = provenance.agency;
  if (note !== undefined) action.note = note;
  else delete action.note;
  action.provenance = provenance;
  // Only a change of status is news (mappa.md); a repeated status just refreshes the note.
  return changed
    ? [{ type: 'mappa.action.updated', data: { mappa: { actions: mappaActionView(meeting, action) } } }]
    : [];
}

/** Every action on the record, with its meeting, newest meeting first. */
export function mappaActions(record: SubjectRecord): { meeting: MappaMeeting; action: MappaAction }[] {
  return (record.mappaMeetings ?? []).flatMap((meeting) => meeting.actions.map((action) => ({ meeting, action })));
}
