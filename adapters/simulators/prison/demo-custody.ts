import { randomUUID } from 'node:crypto';

/**
 * The demo subject of the court examples (hearing-resulted-shpo), as a prison knows them: by
 * NOMS number, with the PNC id the hub already holds, which links the messages to that record.
 */
export const DEMO_PRISONER = {
  nomsNumber: 'A1234BC',
  pncId: '2004/0123456B',
  name: { forenames: 'John Michael', surname: 'Smith' },
  dateOfBirth: '1986-02-28',
};

/** The demo establishment: HMP Leeds, in West Yorkshire (the demo agency prison.hmp-leeds). */
export const DEMO_ESTABLISHMENT = { code: 'LEI', name: 'HMP Leeds', area: 'WYP' };

/**
 * Days from today to the expected release: six weeks, so the RELEASE_PLANNING deadline (due 28
 * days before the release, deadlines.yaml) falls two weeks ahead rather than today.
 */
export const RELEASE_IN_DAYS = 42;

const addDays = (date: string, n: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

const envelope = (eventType: string, now: Date) => ({
  schemaVersion: '1.0',
  eventId: `NOMIS-DEMO-${randomUUID()}`,
  eventType,
  occurredAt: now.toISOString(),
  establishment: DEMO_ESTABLISHMENT,
  person: DEMO_PRISONER,
});

/** prison.md RECEPTION: the demo subject is received, sentenced, into HMP Leeds today. */
export function demoReception(now = new Date()): Record<string, unknown> {
  return {
    ...envelope('RECEPTION', now),
    custody: { receivedOn: now.toISOString().slice(0, 10), reason: 'SENTENCED' },
  };
}

/**
 * prison.md RELEASE_DATE_SET: release on licence RELEASE_IN_DAYS from today into the demo area
 * (WYP), to approved premises from that day.
 */
export function demoReleaseDateSet(now = new Date(), releaseArea = 'WYP'): Record<string, unknown> {
  const expectedOn = addDays(now.toISOString().slice(0, 10), RELEASE_IN_DAYS);
  return {
    ...envelope('RELEASE_DATE_SET', now),
    release: {
      expectedOn,
      type: 'LICENCE',
      releaseArea,
      address: {
        line1: 'Approved Premises, 2 Sample Road',
        town: 'Leeds',
        postcode: 'LS7 3QP',
        type: 'APPROVED_PREMISES',
        from: expectedOn,
      },
    },
  };
}
