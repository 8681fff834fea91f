import { startHmpoSimulator, type HmpoSimulator } from '../../adapters/simulators/hmpo/hmpo-simulator';
import { waitForCount, waitForDeliveries } from '../kit/db-wait';
import { courtExample } from '../kit/examples';
import { postCourtOutcome, postInbound, subscribe } from '../kit/http';
import {
  DEFAULT_AGENCIES,
  DEFAULT_AGREEMENTS,
  HMPO_AGENCY,
  HMPO_AGREEMENT,
  startTestHub,
  type TestHub,
} from '../kit/test-hub';
import { WebhookReceiver } from '../kit/webhook-receiver';

const [POLICE, PROBATION] = DEFAULT_AGREEMENTS;
const IDENTITY_EVENTS = ['subject.identity.changed', 'subject.details.changed'];
const POLICE_WITH_IDENTITY = {
  ...POLICE,
  eventTypes: [...(POLICE.eventTypes as string[]), 'subject.identity.changed'],
};
// HMPO may see identifiers (the passport number), as the demo agreement DSA-2026-015 allows.
const HMPO_WITH_PASSPORT = {
  ...HMPO_AGREEMENT,
  fields: [...(HMPO_AGREEMENT.fields as string[]), 'subject.identifiers'],
};

/** The SHPO example's defendant, after a deed poll: the police record the new name and a new passport. */
const deedPoll = {
  schemaVersion: '1.0',
  updateId: 'PNC-UPD-DEED-POLL',
  updateType: 'NOTIFICATION_RECEIVED',
  recordedAt: new Date().toISOString(),
  force: 'WYP',
  nominal: {
    pncId: '2004/0123456B',
    names: [
      { forenames: 'John', surname: 'WALKER', type: 'PRIMARY' },
      { forenames: 'John Michael', surname: 'SMITH', type: 'ALIAS' },
    ],
    dateOfBirth: '1986-02-28',
    sex: 'M',
  },
  notification: {
    kind: 'CHANGE_OF_DETAILS',
    receivedOn: '2026-12-01',
    details: {
      names: [{ forenames: 'John', surname: 'WALKER' }],
      passports: [{ number: '987654321', issuingCountry: 'GBR' }],
    },
  },
};

/** fast-xml-parser gives one repeated element as an object, several as an array. */
const aliasesOf = (entry: Record<string, any>) => {
  const alias = entry.Subject?.Aliases?.Alias;
  return (Array.isArray(alias) ? alias : alias ? [alias] : []).map(
    (a: { Surname: string; Forenames: string }) => `${a.Forenames} ${a.Surname}`,
  );
};

describe('a change of identity reaches HMPO: the watch entry is lodged again with the new details', () => {
  let hmpo: HmpoSimulator;
  let hub: TestHub;
  let subjectId: string;
  const police = new WebhookReceiver();
  const lodgements = () =>
    waitForCount(
      hub.db,
      `SELECT count(*)::int AS n FROM events WHERE subject_id = $1 AND type = 'watchlist.entry.lodged'`,
      [subjectId],
    );

  beforeAll(async () => {
    hmpo = await startHmpoSimulator();
    hub = await startTestHub({
      agencies: [...DEFAULT_AGENCIES, HMPO_AGENCY],
      agreements: [POLICE_WITH_IDENTITY, PROBATION, HMPO_WITH_PASSPORT],
      env: { HMPO_URL: hmpo.url, HUB_CLOCK_INTERVAL_MS: '300' },
    });
    await police.start();
    expect((await subscribe(hub, 'police.west-yorkshire', police.url, IDENTITY_EVENTS)).status).toBe(201);
    const made = await postCourtOutcome(hub, 'court.leeds-crown', courtExample('hearing-resulted-shpo'));
    expect(made.status).toBe(202);
    subjectId = made.body.subjectIds[0];
    await lodgements();
  });

  afterAll(async () => {
    await hub?.close();
    await hmpo?.close();
    await police.close();
  });

  it('lodges the entry with the court-stated alias', () => {
    const [entry, ...others] = [...hmpo.entries.values()] as Record<string, any>[];
    expect(others).toEqual([]);
    expect(entry.Subject).toMatchObject({ Surname: 'SMITH', Forenames: 'John Michael', DateOfBirth: '1986-02-28' });
    expect(aliasesOf(entry)).toEqual(['Jon SMYTH']);
    expect(entry.Subject).not.toHaveProperty('PassportNumber');
  });

  it('a notified new name and passport withdraw the entry and lodge it again, holding the new name, the aliases and the passport', async () => {
    const [oldRef] = [...hmpo.entries.keys()];
    const res = await postInbound(hub, 'pnc', 'police.west-yorkshire', deedPoll);
    expect(res.status).toBe(202);
    expect(res.body.subjectIds).toEqual([subjectId]);
    await waitForCount(
      hub.db,
      `SELECT count(*)::int AS n FROM events WHERE subject_id = $1 AND type = 'watchlist.entry.lodged'`,
      [subjectId],
      (n) => n === 2,
      20_000,
    );
    expect(hmpo.requests).toContainEqual({ method: 'DELETE', path: `/watchlist/entries/${oldRef}` });
    expect(hmpo.entries.has(oldRef)).toBe(false);
    const [entry, ...others] = [...hmpo.entries.values()] as Record<string, any>[];
    expect(others).toEqual([]);
    expect(entry.Subject).toMatchObject({
      Surname: 'WALKER',
      Forenames: 'John',
      DateOfBirth: '1986-02-28',
      PassportNumber: '987654321',
    });
    expect(aliasesOf(entry).sort()).toEqual(['John Michael SMITH', 'Jon SMYTH']);
    expect(entry).toMatchObject({ OrderRef: 'LCC-SHPO-2026-0412', Reason: 'PASSPORT_SURRENDER' });
    // Nothing left outstanding: what HMPO holds is what the hub wants.
    await waitForCount(
      hub.db,
      `SELECT count(*)::int AS n FROM watchlist_entries WHERE subject_id = $1 AND state = 'lodged' AND lodged_identity_key = identity_key`,
      [subjectId],
      (n) => n === 1,
    );
  });

  it('flags the change of identity to the managing police force', async () => {
    const { rows } = await hub.db.query(
      `SELECT id FROM events WHERE subject_id = $1 AND type = 'subject.identity.changed'`,
      [subjectId],
    );
    expect(rows).toHaveLength(1);
    await waitForDeliveries(
      hub.db,
      rows.map((r) => r.id),
    );
    const flagged = police.received.filter((x) => x.event.type === 'subject.identity.changed');
    expect(flagged).toHaveLength(1);
    expect(flagged[0].event.data.subject.names).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ forenames: 'John', surname: 'WALKER', type: 'PRIMARY' }),
        expect.objectContaining({ forenames: 'John Michael', surname: 'SMITH', type: 'ALIAS' }),
      ]),
    );
  });

  it('a message that changes nothing of the identity leaves the entry lodged as it is', async () => {
    const requestsBefore = hmpo.requests.length;
    const again = { ...deedPoll, updateId: 'PNC-UPD-NOMINAL', updateType: 'NOMINAL_UPDATED', notification: undefined };
    const res = await postInbound(hub, 'pnc', 'police.west-yorkshire', again);
    expect(res.status).toBe(202);
    const { rows } = await hub.db.query(`SELECT type FROM events WHERE id = ANY($1::uuid[])`, [res.body.events]);
    expect(rows.map((r) => r.type)).not.toContain('subject.identity.changed');
    const outstanding = await hub.db.query(
      `SELECT count(*)::int AS n FROM watchlist_entries WHERE subject_id = $1 AND lodged_identity_key IS DISTINCT FROM identity_key`,
      [subjectId],
    );
    expect(outstanding.rows[0].n).toBe(0);
    expect(hmpo.requests.length).toBe(requestsBefore);
  });
});
