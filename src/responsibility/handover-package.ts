import type { CivilDate } from '../canonical/civil-date';
import type { SubjectRecord } from '../canonical/subject-record';

/** Where the MAPPA lead went when supervision ended, carried by `responsibility.changed` (reason SUPERVISION_ENDED). */
export interface Handover {
  /** The new lead agency kind: always police, when the requirements outlast supervision. */
  leadAgency: 'POLICE';
  /** The areas whose police now lead (the managing force's, else where the person lives). */
  areas: string[];
  on: CivilDate;
  /** The new lead confirms it has taken the person on (POST /v1/events/{eventId}/acknowledgements). */
  acknowledgementRequired: true;
}

/**
 * MAPPA actions still open for the person (open or blocked), for the handover: the new lead
 * starts from what the last meetings decided and nobody has done yet.
 */
export function openMappaActions(record: SubjectRecord) {
  return (record.mappaMeetings ?? []).flatMap((meeting) =>
    meeting.actions
      .filter((a) => a.status === 'OPEN' || a.status === 'BLOCKED')
      .map((a) => ({
        meetingId: meeting.meetingId,
        actionId: a.actionId,
        description: a.description,
        owner: a.owner,
        dueOn: a.dueOn,
        status: a.status,
      })),
  );
}

/**
 * What the new lead needs to take the person on at licence end (responsibility.md): the current
 * risk, the licence conditions and the open MAPPA actions, each under its own field path
 * (`risk`, `licence`, `mappa`) so an agreement's allow-list governs each part as it does everywhere.
 */
export function handoverPackage(record: SubjectRecord): Record<string, unknown> {
  const risk = record.riskAssessments?.[0];
  const mappa = record.mappa?.[0];
  return {
    ...(risk ? { risk: { roshOverall: risk.roshOverall, assessments: [risk] } } : {}),
    ...(record.licence ? { licence: record.licence } : {}),
    mappa: { ...(mappa ?? {}), actions: openMappaActions(record) },
  };
}
