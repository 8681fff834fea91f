import { randomUUID } from 'node:crypto';

/** The demo subject of the court examples (hearing-resulted-shpo): a minute names them by PNC id. */
export const DEMO_SUBJECT = {
  pncId: '2004/0123456B',
  name: { forenames: 'John Michael', surname: 'Smith' },
  dateOfBirth: '1986-02-28',
};

const addDays = (date: string, n: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/**
 * A level 2 MAPPA meeting about the demo subject, held today (mappa.md MEETING_HELD): police
 * chairs, probation and housing attend, one action each for police and housing. Its victim
 * section is made up, and never leaves the hub.
 */
export function demoMeeting(now = new Date(), area = 'WYP'): Record<string, unknown> {
  const today = now.toISOString().slice(0, 10);
  const meetingId = `MM-DEMO-${randomUUID().slice(0, 8)}`;
  return {
    schemaVersion: '1.0',
    eventId: `MAPPA-DEMO-${randomUUID()}`,
    eventType: 'MEETING_HELD',
    occurredAt: now.toISOString(),
    area,
    person: DEMO_SUBJECT,
    meeting: {
      meetingId,
      heldOn: today,
      level: 2,
      chair: { name: 'DI Sarah Cole', agency: 'police.west-yorkshire' },
      attendees: [
        { agency: 'police.west-yorkshire', name: 'DI Sarah Cole', role: 'Chair, MOSOVO' },
        { agency: 'probation.yorkshire', name: 'Amir Shah', role: 'Probation Practitioner' },
        { agency: 'dtc.leeds-city-housing', name: 'Jo Baker', role: 'Housing Officer' },
      ],
      riskSummary: 'High risk of serious harm to children; imminent if he has unsupervised contact.',
      decisions: ['Approved premises placement to continue', 'Home visit by police within 14 days'],
      actions: [
        {
          actionId: `${meetingId}-A1`,
          description: 'Unannounced home visit and ViSOR update',
          owner: { agency: 'police.west-yorkshire', role: 'MOSOVO' },
          dueOn: addDays(today, 14),
        },
        {
          actionId: `${meetingId}-A2`,
          description: 'Confirm the tenancy of the move-on address',
          owner: { agency: 'dtc.leeds-city-housing', name: 'Jo Baker' },
          dueOn: addDays(today, 21),
        },
      ],
      nextReviewOn: addDays(today, 90),
      victimSection: 'DEMO victim section: made up, kept apart by the hub, never sent.',
    },
  };
}
