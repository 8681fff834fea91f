/**
 * The agencies a MAPPA event is addressed to by what happened at the meeting (mappa.md): every
 * attendee and the chair receive its minute, an action's owner receives the action, and a
 * MAPPA action's clock goes to its owner (or, escalated, the chair). Such a party still needs an
 * agreement in force naming it and listing the event (its fields decide what it sees); the
 * agreement's conditions on areas and categories are not asked of it: it sat at the meeting
 * that shared the information (CJA 2003 s.325). Read from the event as the domain raised it.
 */
export function mappaPartiesOf(type: string, data: Record<string, unknown>): string[] {
  const mappa = (data.mappa ?? {}) as { meetings?: unknown; actions?: unknown };
  if (type === 'mappa.meeting.held') {
    const meeting = (mappa.meetings ?? {}) as { attendees?: unknown; chair?: { agency?: unknown } };
    const attendees = Array.isArray(meeting.attendees) ? meeting.attendees : [];
    return agencies([...attendees.map((a) => (a as { agency?: unknown })?.agency), meeting.chair?.agency]);
  }
  if (type === 'mappa.action.assigned' || type === 'mappa.action.updated') {
    const action = (mappa.actions ?? {}) as { owner?: { agency?: unknown } };
    return agencies([action.owner?.agency]);
  }
  if (type === 'deadline.due' || type === 'deadline.overdue') {
    const deadline = (data.deadline ?? {}) as { kind?: unknown; mappaAction?: { owner?: unknown; chair?: unknown } };
    if (deadline.kind === 'MAPPA_ACTION') return agencies([deadline.mappaAction?.owner]);
    if (deadline.kind === 'MAPPA_ACTION_ESCALATED') return agencies([deadline.mappaAction?.chair]);
  }
  return [];
}

function agencies(values: unknown[]): string[] {
  return [...new Set(values.filter((v): v is string => typeof v === 'string'))];
}
